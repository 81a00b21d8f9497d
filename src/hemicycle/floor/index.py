"""The placement index: a floor's list kept so that the place of a request is found, and a
delegation's request too, without going through the whole list; it never decides anything the
plain rules (`precedence.slot`) would not."""

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from hemicycle.floor.precedence import Key, slot, sort_key
from hemicycle.floor.state import ACTIVE, Config, Entry, FloorState


class SortKeys:
    """`precedence.sort_key` under one configuration, remembered for each entry.

    An entry and a configuration never change (a change makes new ones), so a key worked out for an
    entry object holds as long as that very object is on the floor: placing a request after the
    chair's last action compares it with the entries already on the list, and their keys are not
    worked out again. The memo is shared by the floors folded one from another; whatever is in it
    is right for any of them, so it is never copied.
    """

    __slots__ = ("config", "known")

    def __init__(self, config: Config) -> None:
        self.config = config
        self.known: dict[int, tuple[Entry, Key]] = {}

    def __call__(self, entry: Entry) -> Key:
        known = self.known.get(entry.id)
        if known is not None and known[0] is entry:
            return known[1]
        key = sort_key(entry, self.config)
        self.known[entry.id] = (entry, key)
        return key


class PlacementIndex:
    """A floor's list seen two ways:

    - `free_keys`/`free_ids`: the sort keys of the entries on the list not placed by hand, in list
      order (None when they are not in key order, e.g. after the policy changed: then `place`
      goes through the list as the rule says);
    - `active`: each delegation's entries that are waiting or speaking, in the floor's order of
      entries (the order they were inscribed in).

    The fold keeps it up to date for a new request placed where the policy puts it, and drops it on
    any other change to the list (it is then worked out again when next needed). Once kept with a FloorState it is not changed; a
    fold that changes it works on a copy.
    """

    __slots__ = ("active", "free_ids", "free_keys", "keys")

    def __init__(
        self,
        keys: SortKeys,
        free_keys: list[Key] | None,
        free_ids: list[int],
        active: dict[str, tuple[int, ...]],
    ) -> None:
        self.keys = keys
        self.free_keys = free_keys
        self.free_ids = free_ids
        self.active = active

    @property
    def config(self) -> Config:
        return self.keys.config

    @classmethod
    def build(
        cls, order: Iterable[int], entries: Mapping[int, Entry], keys: SortKeys
    ) -> "PlacementIndex":
        free_ids = [i for i in order if not entries[i].pinned]
        free_keys = [keys(entries[i]) for i in free_ids]
        in_order = all(a <= b for a, b in itertools.pairwise(free_keys))
        active: dict[str, tuple[int, ...]] = {}
        for entry in entries.values():
            if entry.status in ACTIVE:
                active[entry.delegation] = (*active.get(entry.delegation, ()), entry.id)
        return cls(keys, free_keys if in_order else None, free_ids, active)

    def copy(self) -> "PlacementIndex":
        free_keys = None if self.free_keys is None else list(self.free_keys)
        return PlacementIndex(self.keys, free_keys, list(self.free_ids), dict(self.active))

    def slot(
        self, entry: Entry, order: list[int] | tuple[int, ...], entries: Mapping[int, Entry]
    ) -> int:
        """Where the policy puts the new `entry` in `order`: `precedence.slot`, by bisection."""
        if self.free_keys is None:
            return slot(order, entries, entry, self.config, key_of=self.keys)
        # The first entry not placed by hand whose key is greater: found by bisection, since those
        # keys are in order.
        at = bisect_right(self.free_keys, self.keys(entry))
        return len(order) if at == len(self.free_ids) else order.index(self.free_ids[at])

    def added(self, entry: Entry, at: int, order: list[int]) -> None:
        """The new, waiting `entry` was put at `order[at]` (as the log recorded): keep up."""
        self.active[entry.delegation] = (*self.active.get(entry.delegation, ()), entry.id)
        if self.free_keys is None:
            return
        key = self.keys(entry)
        i = bisect_right(self.free_keys, key)
        follows = order[at + 1] if at + 1 < len(order) else None
        expected = self.free_ids[i] if i < len(self.free_ids) else None
        if follows != expected:  # placed otherwise than today's rules would: keys not in order
            self.free_keys = None
            return
        self.free_keys.insert(i, key)
        self.free_ids.insert(i, entry.id)


class Anchor:
    """What a FloorState made by the fold keeps in its `index` field: the sort keys, and the index
    of its list once worked out.

    The index holds only for the very `order` and `entries` it was made from: a floor made with
    `replace` from another keeps the other's anchor, which then no longer applies to it. A floor is
    frozen, so the index worked out when first needed is kept here, in a cache the floor points
    to, rather than written into the floor.
    """

    __slots__ = ("entries", "index", "keys", "order")

    def __init__(
        self,
        order: tuple[int, ...],
        entries: Mapping[int, Entry],
        keys: SortKeys | None,
        index: PlacementIndex | None,
    ) -> None:
        self.order = order
        self.entries = entries
        self.keys = keys
        self.index = index

    def holds_for(self, state: FloorState) -> bool:
        return self.order is state.order and self.entries is state.entries


def kept_index(state: FloorState) -> PlacementIndex | None:
    """The index kept with `state`, if one was made for this very list."""
    anchor = state.index
    if isinstance(anchor, Anchor) and anchor.holds_for(state):
        return anchor.index
    return None


def kept_keys(state: FloorState) -> SortKeys | None:
    """The sort keys remembered with `state` (right for any floor: they go by the entry objects)."""
    anchor = state.index
    return anchor.keys if isinstance(anchor, Anchor) else None


def index_of(state: FloorState) -> PlacementIndex:
    """The index of `state`'s list: the one kept with it, or worked out now and kept with it."""
    found = kept_index(state)
    if found is not None:
        return found
    anchor = state.index
    keys = kept_keys(state)
    if keys is None or keys.config is not state.config:
        keys = SortKeys(state.config)
    found = PlacementIndex.build(state.order, state.entries, keys)
    if isinstance(anchor, Anchor) and anchor.holds_for(state):
        anchor.keys, anchor.index = keys, found  # worked out once for this floor
    return found


def active_entry_of(state: FloorState, delegation: str) -> Entry | None:
    """The delegation's request that is waiting or speaking (the first, if ever several)."""
    ids = index_of(state).active.get(delegation)
    return state.entries[ids[0]] if ids else None
