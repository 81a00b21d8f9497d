"""Who speaks before whom: the precedence policies, as pure functions of an entry.

A policy gives each entry a sort key; `slot` finds where a new or changed entry goes: before the
first entry whose key is greater. The commands record the place found (floor/events.py); the fold
never calls these rules, so `RULES` names the version they are at, and the log records it. Entries placed by hand (`pinned`) keep their place and are stepped over, so a
manual move survives every later inscription. Speakers carried over from an earlier segment stay ahead
of the segment's own speakers, in the order they had.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from hemicycle.floor.state import Config, Entry

# GA practice: Head of State > Vice-President / Crown Prince > Head of Government > Deputy Prime
# Minister > Minister > Vice-Minister > Permanent Representative > other heads of delegation.
LEVELS: tuple[str, ...] = (
    "head_of_state",
    "vice_president",
    "head_of_government",
    "deputy_prime_minister",
    "minister",
    "vice_minister",
    "permanent_representative",
    "other",
)
LEVEL_RANK: Mapping[str, int] = {level: i for i, level in enumerate(LEVELS)}

CATEGORIES: tuple[str, ...] = (
    "member_state",
    "observer_state",
    "observer_org",
    "un_entity",
    "civil_society",
)
# Groups first; then Member States; observer States; organisations and UN entities; civil society.
CATEGORY_RANK: Mapping[str, int] = {
    "member_state": 1,
    "observer_state": 2,
    "observer_org": 3,
    "un_entity": 3,
    "civil_society": 4,
}

# The version of the rules below (and of the segment a right of reply goes to, commands.py), as the
# log records it: change it with any change that would place a request elsewhere.
RULES = "hemicycle-2026.12.1"  # .1: a declared level or group counts once confirmed

# The levels above Permanent Representative: a request that declares one (or a group statement)
# waits for the secretariat's confirmation before it counts (UN practice: the Protocol and Liaison
# Service and the Secretariat check levels and groups).
HIGH_LEVELS = frozenset(LEVELS[: LEVEL_RANK["permanent_representative"]])


def declares(entry: Entry) -> bool:
    """Whether the request claims what the secretariat confirms: a group statement, or a Member
    State's level above Permanent Representative."""
    return bool(entry.on_behalf_of) or (
        entry.category == "member_state" and entry.level in HIGH_LEVELS
    )


def pending(entry: Entry) -> bool:
    return declares(entry) and not entry.confirmed


Key = tuple[int, ...]
Policy = Callable[[Entry], Key]


def un_dialogue(entry: Entry) -> Key:
    """Group statements first, then by category, Member States by level, each in order of receipt.
    A declaration not yet confirmed counts as the delegation's ordinary request: a statement of its
    own, at the level of a Permanent Representative."""
    if entry.on_behalf_of and entry.confirmed:
        return (0, 0, entry.id)
    rank = CATEGORY_RANK.get(entry.category, 4)
    level = LEVEL_RANK.get(entry.level, len(LEVELS)) if entry.category == "member_state" else 0
    if pending(entry):
        level = max(level, LEVEL_RANK["permanent_representative"])
    return (rank, level, entry.id)


def first_come(entry: Entry) -> Key:
    return (entry.id,)


def manual(entry: Entry) -> Key:
    # Every key is equal, so a new entry goes to the end of its segment; the secretariat moves it.
    return ()


POLICIES: Mapping[str, Policy] = {
    "un_dialogue": un_dialogue,
    "first_come": first_come,
    "manual": manual,
}


def sort_key(entry: Entry, config: Config) -> Key:
    segment = config.rank(entry.segment)
    if entry.carry_rank:
        return (segment, 0, entry.carry_rank)
    if entry.kind == "reply":  # rights of reply close the day's list, in order of request
        return (segment, 2, entry.id)
    return (segment, 1, *POLICIES.get(config.policy, un_dialogue)(entry))


def slot(
    order: Sequence[int],
    entries: Mapping[int, Entry],
    entry: Entry,
    config: Config,
    *,
    key_of: Callable[[Entry], Key] | None = None,
) -> int:
    """Where the meeting's policy puts `entry` in `order` (which must not hold it): the index of
    the first entry not placed by hand whose key is greater, or the end. `key_of` gives the same
    keys as `sort_key` under `config`, remembered (the placement index passes its own)."""
    key_of = key_of or partial(sort_key, config=config)
    key = key_of(entry)
    for index, other_id in enumerate(order):
        other = entries[other_id]
        if not other.pinned and key_of(other) > key:
            return index
    return len(order)


# Why an entry stands where it stands (`reasons`), as codes the interface words.
REASONS = ("moved", "carried_over", "pending", "group", "level", "category", "received")


def reasons(entry: Entry, config: Config) -> list[tuple[str, str]]:
    """Why an entry stands where it stands, as (reason code, value) pairs for the interface to word."""
    if entry.pinned:
        return [("moved", entry.move_reason)]
    found: list[tuple[str, str]] = []
    if entry.carry_rank:
        found.append(("carried_over", ""))
    if config.policy == "un_dialogue":
        if pending(entry):
            found.append(("pending", entry.on_behalf_of or entry.level))
        elif entry.on_behalf_of:
            found.append(("group", entry.on_behalf_of))
        elif entry.category == "member_state":
            found.append(("level", entry.level))
        else:
            found.append(("category", entry.category))
    found.append(("received", entry.received_at.isoformat(timespec="milliseconds")))
    return found
