"""Who took part in a meeting, counted from its floor (the record and the list), as the Office of
the President and the Global Centre for R2P report it: "69 Member States, speaking on behalf of 89
States, one regional organisation and two civil-society organisations".

What counts: a delegation *spoke* if it gave at least one speech from the list other than a point
of order (a statement, a group statement, a question, a right of reply). The States *covered* are
the States that spoke (Member and observer States) and every State a group statement was made on
behalf of, each once. Floor time is the speeches' durations as the record has them (pauses left
out); the programme's speakers (opening remarks, panellists, concluding remarks) are their own
category. The share of the list heard is the requests heard over the requests not withdrawn."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from hemicycle import floor
from hemicycle.floor.state import Status

PROGRAMME = "programme"  # the speakers of the programme rather than of the list
NO_GROUP = ""  # not a Member State: no regional group
STATES = ("member_state", "observer_state")
CATEGORIES = (
    "member_state",
    "observer_state",
    "observer_org",
    "un_entity",
    "civil_society",
    PROGRAMME,
)
GROUPS = ("AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC", "WEOG")


@dataclass(frozen=True)
class Known:
    """What the delegations' register says of a code."""

    category: str
    regional_group: str = ""


@dataclass
class GroupFigures:
    group: str
    member_states: int = 0  # that spoke
    states_covered: int = 0
    speeches: int = 0
    seconds: float = 0.0


@dataclass
class CategoryFigures:
    category: str
    speakers: int = 0
    speeches: int = 0
    seconds: float = 0.0
    overruns: int = 0
    overrun_s: float = 0.0


@dataclass
class Participation:
    member_states: int
    states_covered: int
    observer_states: int
    organisations: int
    un_entities: int
    civil_society: int
    speeches: int
    seconds: float
    overruns: int
    overrun_s: float
    inscribed: int
    withdrawn: int
    heard: int
    share_heard: float | None
    by_group: list[GroupFigures] = field(default_factory=list)
    by_category: list[CategoryFigures] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def count(state: floor.FloorState, register: Mapping[str, Known]) -> Participation:
    """The participation figures of the floor `state`; `register` knows each delegation's category
    and regional group (the delegations of the floor's entries win for the category)."""
    spoke: dict[str, str] = {}  # code -> category, of those that spoke
    covered: set[str] = set()
    by_category = {c: CategoryFigures(c) for c in CATEGORIES}
    by_group = {g: GroupFigures(g) for g in (*GROUPS, NO_GROUP)}
    speakers_in: dict[str, set[str]] = defaultdict(set)
    for done in state.record:
        speech = done.speech
        entry = state.entries.get(speech.entry) if speech.entry is not None else None
        code = speech.delegation
        if entry is None and not code:
            category = PROGRAMME
        else:
            category = entry.category if entry else register.get(code, Known("")).category
        figures = by_category.setdefault(category, CategoryFigures(category))
        figures.speeches += 1
        figures.seconds += done.duration_s
        if done.overrun_s > 0:
            figures.overruns += 1
            figures.overrun_s += done.overrun_s
        speakers_in[category].add(code or speech.speaker)
        group = register.get(code, Known(category)).regional_group if code else NO_GROUP
        if category == "member_state":
            by_group[group].speeches += 1
            by_group[group].seconds += done.duration_s
        if entry is None or speech.kind == "point_of_order":
            continue
        spoke.setdefault(code, category)
        if category in STATES:
            covered.add(code)
        covered.update(entry.group_members)
    for category, figures in by_category.items():
        figures.speakers = len(speakers_in[category])
    kinds = Counter(spoke.values())
    for code in spoke:
        known = register.get(code)
        if spoke[code] == "member_state" and known is not None:
            by_group[known.regional_group].member_states += 1
    for code in covered:
        known = register.get(code)
        if known is not None and known.category == "member_state":
            by_group[known.regional_group].states_covered += 1
    entries = list(state.entries.values())
    withdrawn = sum(1 for e in entries if e.status == Status.WITHDRAWN)
    heard = sum(1 for e in entries if e.status == Status.SPOKEN)
    standing = len(entries) - withdrawn
    rows = list(by_category.values())
    return Participation(
        member_states=kinds["member_state"],
        states_covered=len(covered),
        observer_states=kinds["observer_state"],
        organisations=kinds["observer_org"],
        un_entities=kinds["un_entity"],
        civil_society=kinds["civil_society"],
        speeches=sum(r.speeches for r in rows),
        seconds=round(sum(r.seconds for r in rows), 3),
        overruns=sum(r.overruns for r in rows),
        overrun_s=round(sum(r.overrun_s for r in rows), 3),
        inscribed=len(entries),
        withdrawn=withdrawn,
        heard=heard,
        share_heard=round(heard / standing, 4) if standing else None,
        by_group=[_group_rounded(g) for key, g in by_group.items() if key != NO_GROUP],
        by_category=[_rounded(r) for r in rows],
    )


def _group_rounded(row: GroupFigures) -> GroupFigures:
    row.seconds = round(row.seconds, 3)
    return row


def _rounded(row: CategoryFigures) -> CategoryFigures:
    row.seconds = round(row.seconds, 3)
    row.overrun_s = round(row.overrun_s, 3)
    return row
