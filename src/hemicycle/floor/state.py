"""The floor as a fold over its log: the ordered list of speakers, the current speech and its clock,
the record of finished speeches.

`fold(events)` is deterministic and lenient: every event of a valid log applies, and any prefix of a
valid log folds without error. The decisions of what may be appended live in `commands.py`.
"""

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from hemicycle.floor.events import Event, EventType
from hemicycle.floor.precedence import Key, place, sort_key

UNDO_DEPTH = 20


class Status(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKEN = "spoken"
    WITHDRAWN = "withdrawn"


FLOOR_KINDS = frozenset({"panel", "dialogue", "debate"})


@dataclass(frozen=True)
class Invitee:
    """A speaker of the programme rather than of the list: opening remarks, a panellist, closing."""

    name: str
    title: str = ""
    organisation: str = ""
    role: str = ""
    limit_s: int | None = None  # a panellist's own limit; None: the limit of the kind of speech

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> "Invitee":
        limit = data.get("limit_s")
        return cls(
            name=str(data.get("name", "")),
            title=str(data.get("title", "")),
            organisation=str(data.get("organisation", "")),
            role=str(data.get("role", "")),
            limit_s=int(limit) if limit else None,
        )

    def payload(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "organisation": self.organisation,
            "role": self.role,
            "limit_s": self.limit_s,
        }


@dataclass(frozen=True)
class SegmentPlan:
    key: str
    kind: str
    title: str
    speakers: tuple[Invitee, ...] = ()
    limit_s: int | None = None  # overrides the meeting's statement limit in this segment

    @property
    def takes_floor(self) -> bool:
        return self.kind in FLOOR_KINDS

    @property
    def panellists(self) -> tuple[Invitee, ...]:
        return tuple(s for s in self.speakers if s.role in ("panellist", "moderator"))


DEFAULT_LIMITS: Mapping[str, int] = {
    "statement": 180,
    "question": 180,
    "group_statement": 300,
    "remarks": 600,
    "panel": 420,
    "reply": 180,
    "point_of_order": 120,
}


@dataclass(frozen=True)
class Config:
    """How a meeting runs its floor; set by the `meeting_configured` event."""

    policy: str = "un_dialogue"
    overrun: str = "soft"  # soft | bell | hard
    limits: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    segments: tuple[SegmentPlan, ...] = ()

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> "Config":
        segments = tuple(
            SegmentPlan(
                key=str(s["key"]),
                kind=str(s.get("kind", "dialogue")),
                title=str(s.get("title", s["key"])),
                speakers=tuple(Invitee.from_payload(p) for p in s.get("speakers", ())),
                limit_s=s.get("limit_s"),
            )
            for s in data.get("segments", ())
        )
        limits = {**DEFAULT_LIMITS, **{k: int(v) for k, v in data.get("limits", {}).items()}}
        return cls(
            policy=str(data.get("policy", "un_dialogue")),
            overrun=str(data.get("overrun", "soft")),
            limits=limits,
            segments=segments,
        )

    def segment(self, key: str) -> SegmentPlan | None:
        return next((s for s in self.segments if s.key == key), None)

    def rank(self, key: str) -> int:
        for i, s in enumerate(self.segments):
            if s.key == key:
                return i
        return len(self.segments)

    def panellists_for(self, key: str) -> tuple[Invitee, ...]:
        """The panel of segment `key`: its own, or, for a segment that takes the floor, that of the
        latest earlier segment that had one (an afternoon's "further reflections from the
        panellists" are the morning panel's)."""
        own = self.segment(key)
        if own is None or own.panellists or not own.takes_floor:
            return own.panellists if own else ()
        for plan in reversed(self.segments[: self.rank(key)]):
            if plan.panellists:
                return plan.panellists
        return ()

    @property
    def last_floor_segment(self) -> str:
        """The segment that ends the day's list: rights of reply are heard at its end."""
        floor = [s.key for s in self.segments if s.takes_floor]
        return floor[-1] if floor else ""

    def default_segment(self, done: Iterable[str], preferred: str = "") -> str:
        """The segment an inscription belongs to: the preferred one if it is still ahead, else
        the first segment still to come that takes the floor."""
        finished = set(done)
        ahead = [s for s in self.segments if s.takes_floor and s.key not in finished]
        if preferred and any(s.key == preferred for s in ahead):
            return preferred
        if preferred and ahead:
            later = [s for s in ahead if self.rank(s.key) > self.rank(preferred)]
            return (later or ahead)[0].key
        return ahead[0].key if ahead else ""


@dataclass(frozen=True)
class Entry:
    """A request to speak on the list. Its id is the seq of the event that inscribed it."""

    id: int
    delegation: str
    delegation_name: str
    category: str
    speaker: str
    title: str
    level: str
    kind: str
    on_behalf_of: str
    group_members: tuple[str, ...]
    to_panellists: tuple[str, ...]
    language: str
    segment: str
    received_at: datetime
    status: Status = Status.WAITING
    pinned: bool = False
    move_reason: str = ""
    carry_rank: int = 0  # >0: carried over from an earlier segment, in this order

    @property
    def speech_kind(self) -> str:
        if self.kind == "statement" and self.on_behalf_of:
            return "group_statement"
        return self.kind


@dataclass(frozen=True)
class Speech:
    """Whoever has the floor now, and the clock of their speech.

    Running time is wall time since `started_at` less the pauses; the server's timestamps are the
    only clock.
    """

    id: int
    kind: str
    speaker: str
    started_at: datetime
    limit_s: int | None
    entry: int | None = None
    delegation: str = ""
    delegation_name: str = ""
    title: str = ""
    on_behalf_of: str = ""
    segment: str = ""
    paused_at: datetime | None = None
    paused_s: float = 0.0
    resumes_after_interruption: bool = False  # it was running when a point of order paused it

    @property
    def running(self) -> bool:
        return self.paused_at is None

    def elapsed(self, now: datetime) -> float:
        until = self.paused_at or now
        return max(0.0, (until - self.started_at).total_seconds() - self.paused_s)

    def remaining(self, now: datetime) -> float | None:
        return None if self.limit_s is None else self.limit_s - self.elapsed(now)


@dataclass(frozen=True)
class FinishedSpeech:
    speech: Speech
    ended_at: datetime
    duration_s: float

    @property
    def overrun_s(self) -> float:
        limit = self.speech.limit_s
        return 0.0 if limit is None else max(0.0, self.duration_s - limit)


@dataclass(frozen=True)
class FloorState:
    seq: int = 0
    config: Config = field(default_factory=Config)
    list_open: bool = False
    segment: str = ""
    segments_done: tuple[str, ...] = ()
    entries: Mapping[int, Entry] = field(default_factory=dict)
    order: tuple[int, ...] = ()
    speech: Speech | None = None
    interrupted: tuple[Speech, ...] = ()
    invited: tuple[Invitee, ...] = ()
    invited_kind: str = ""
    record: tuple[FinishedSpeech, ...] = ()
    history: tuple[tuple[int, str, "FloorState"], ...] = ()  # (command seq, type, state before)
    list_seq: int = 0  # the last event that changed the list of speakers (not only a clock)
    segment_started_at: datetime | None = None
    panel_every: int = 0  # a panel round falls due after this many speakers from the list; 0: never
    heard_since_round: tuple[int, ...] = ()  # entries given the floor since the last panel round
    round_questions: tuple[int, ...] = ()  # the entries the panel round in progress answers
    # What the fold keeps to place a request and to find a delegation's request without going
    # through the whole list (`_Index`); not part of the floor (equal floors may differ in it).
    index: "_Anchored | None" = field(default=None, compare=False, repr=False)

    @property
    def panel_due(self) -> bool:
        """Whether `next` starts a panel round: N speakers from the list have been heard since the
        last one, in a segment that has a panel."""
        plan = self.config.segment(self.segment)
        return bool(
            self.panel_every
            and len(self.heard_since_round) >= self.panel_every
            and not self.invited
            and plan is not None
            and plan.takes_floor
            and self.config.panellists_for(self.segment)
        )

    def questions_for(self, name: str) -> list[Entry]:
        """The speakers of the last stretch of the list who addressed panellist `name`."""
        wanted = name.casefold()
        return [
            self.entries[i]
            for i in self.round_questions
            if any(p.casefold() == wanted for p in self.entries[i].to_panellists)
        ]

    def general_questions(self) -> list[Entry]:
        """The speakers of the last stretch of the list who addressed no panellist by name."""
        return [self.entries[i] for i in self.round_questions if not self.entries[i].to_panellists]

    def waiting(self) -> list[Entry]:
        return [self.entries[i] for i in self.order]

    def position(self, entry_id: int) -> int | None:
        try:
            return self.order.index(entry_id) + 1
        except ValueError:
            return None

    def active_entry_of(self, delegation: str) -> Entry | None:
        """The delegation's request that is waiting or speaking (the first, if ever several)."""
        ids = self._index().active.get(delegation)
        return self.entries[ids[0]] if ids else None

    def _index(self) -> "_Index":
        found = _Index.of(self)
        if found is None:  # worked out once for this floor, kept with it
            found = _Index.build(self.order, self.entries, self.config)
            object.__setattr__(self, "index", (self.order, self.entries, found))
        return found

    def default_segment(self, preferred: str = "") -> str:
        return self.config.default_segment(self.segments_done, preferred)

    def limit_for(self, kind: str, segment: str = "") -> int | None:
        plan = self.config.segment(segment or self.segment)
        if plan is not None and plan.limit_s and kind == "statement":
            return plan.limit_s
        return self.config.limits.get(kind)


ACTIVE = (Status.WAITING, Status.SPEAKING)


class _Index:
    """A floor's list seen two ways, so that the thousandth request of a rush is placed and checked
    in logarithmic time rather than by going through the other 999:

    - `free_keys`/`free_ids`: the sort keys of the entries on the list not placed by hand, in list
      order (None when they are not in key order, e.g. after the policy changed: then `place`
      goes through the list as the rule says);
    - `active`: each delegation's entries that are waiting or speaking, in the floor's order of
      entries (the order they were inscribed in).

    It is derived from the floor and never decides anything `place` and the scan of the entries
    would not: the fold keeps it up to date for a new request and drops it on any other change to
    the list (it is then worked out again when next needed). Once attached to a FloorState it is
    not changed; a fold that changes it works on a copy.
    """

    __slots__ = ("active", "config", "free_ids", "free_keys")

    def __init__(
        self,
        config: Config,
        free_keys: list[Key] | None,
        free_ids: list[int],
        active: dict[str, tuple[int, ...]],
    ) -> None:
        self.config = config
        self.free_keys = free_keys
        self.free_ids = free_ids
        self.active = active

    @classmethod
    def build(cls, order: Iterable[int], entries: Mapping[int, Entry], config: Config) -> "_Index":
        free_ids = [i for i in order if not entries[i].pinned]
        keys = [sort_key(entries[i], config) for i in free_ids]
        in_order = all(a <= b for a, b in itertools.pairwise(keys))
        active: dict[str, tuple[int, ...]] = {}
        for entry in entries.values():
            if entry.status in ACTIVE:
                active[entry.delegation] = (*active.get(entry.delegation, ()), entry.id)
        return cls(config, keys if in_order else None, free_ids, active)

    @staticmethod
    def of(state: FloorState) -> "_Index | None":
        """The index kept with `state`, if it was made for this very list (a floor made with
        `replace` from another keeps the other's index, which then no longer applies)."""
        anchored = state.index
        if anchored is None or anchored[0] is not state.order or anchored[1] is not state.entries:
            return None
        return anchored[2]

    def copy(self) -> "_Index":
        keys = None if self.free_keys is None else list(self.free_keys)
        return _Index(self.config, keys, list(self.free_ids), dict(self.active))

    def add(self, entry: Entry, order: list[int], entries: Mapping[int, Entry]) -> list[int]:
        """`order` with the new, waiting `entry` placed, as `precedence.place` would place it."""
        self.active[entry.delegation] = (*self.active.get(entry.delegation, ()), entry.id)
        if self.free_keys is None:
            return place(order, entries, entry, self.config)
        key = sort_key(entry, self.config)
        # The first entry not placed by hand whose key is greater: `place`'s rule, found by
        # bisection since those keys are in order.
        at = bisect_right(self.free_keys, key)
        if at == len(self.free_ids):
            order.append(entry.id)
        else:
            order.insert(order.index(self.free_ids[at]), entry.id)
        self.free_keys.insert(at, key)
        self.free_ids.insert(at, entry.id)
        return order


_Anchored = tuple[tuple[int, ...], Mapping[int, Entry], _Index]


class _Fold:
    """The mutable working copy of a FloorState while events are applied."""

    use_index = True  # tests compare with the plain rule by turning it off

    def __init__(self, state: FloorState) -> None:
        self.state = state
        self.entries = dict(state.entries)
        self.order = list(state.order)
        self.fields: dict[str, Any] = {}
        self.index = _Index.of(state)
        self.owned = False  # whether self.index is this fold's own copy

    def get(self, name: str) -> Any:
        return self.fields.get(name, getattr(self.state, name))

    def set(self, **values: Any) -> None:
        self.fields.update(values)

    def freeze(self, seq: int, *, last: bool = False) -> FloorState:
        """The floor as it stands; `last`: the fold is done, and hands over its own entries."""
        entries, order = (self.entries if last else dict(self.entries)), tuple(self.order)
        index = None if self.index is None else (order, entries, self.index)
        self.owned = False  # the frozen floor has it now
        return replace(
            self.state, seq=seq, entries=entries, order=order, index=index, **self.fields
        )

    def reset(self, state: FloorState) -> None:
        self.state = state
        self.entries = dict(state.entries)
        self.order = list(state.order)
        self.fields = {}
        self.index, self.owned = _Index.of(state), False

    def changed(self) -> None:
        """The list or an entry on it changed otherwise than by a new request: the index goes."""
        self.index = None

    def inscribe(self, entry: Entry, config: Config) -> None:
        """A new request, not placed by hand, placed by the meeting's policy."""
        if entry.id in self.entries or not self.use_index:  # not new: no shortcut
            self.changed()
            self.entries[entry.id] = entry
            self.order = place(self.order, self.entries, entry, config)
            return
        if self.index is None or self.index.config is not config:
            self.index, self.owned = _Index.build(self.order, self.entries, config), True
        elif not self.owned:
            self.index, self.owned = self.index.copy(), True
        self.entries[entry.id] = entry
        self.order = self.index.add(entry, self.order, self.entries)

    def update_entry(self, entry_id: int, **changes: Any) -> None:
        if entry_id in self.entries:
            self.changed()
            self.entries[entry_id] = replace(self.entries[entry_id], **changes)

    def unlist(self, entry_id: int) -> None:
        if entry_id in self.order:
            self.changed()
            self.order.remove(entry_id)

    def replace_order(self, entry_id: int, position: int) -> None:
        self.changed()
        self.unlist(entry_id)
        index = max(0, min(position - 1, len(self.order)))
        self.order.insert(index, entry_id)

    def finish_speech(self, at: datetime) -> None:
        speech: Speech | None = self.get("speech")
        if speech is None:
            return
        duration = speech.elapsed(at)
        self.set(record=(*self.get("record"), FinishedSpeech(speech, at, duration)))
        if speech.entry is not None:
            self.update_entry(speech.entry, status=Status.SPOKEN)
        interrupted: tuple[Speech, ...] = self.get("interrupted")
        if interrupted:
            self.set(speech=interrupted[-1], interrupted=interrupted[:-1])
        else:
            self.set(speech=None)


def _entry_from(event: Event, fold: _Fold) -> Entry:
    p = event.payload
    preferred = str(p.get("segment", ""))
    return Entry(
        id=event.seq,
        delegation=str(p.get("delegation", "")),
        delegation_name=str(p.get("delegation_name", p.get("delegation", ""))),
        category=str(p.get("category", "member_state")),
        speaker=str(p.get("speaker", "")),
        title=str(p.get("title", "")),
        level=str(p.get("level", "other")),
        kind=str(p.get("kind", "statement")),
        on_behalf_of=str(p.get("on_behalf_of") or ""),
        group_members=tuple(p.get("group_members") or ()),
        to_panellists=tuple(p.get("to_panellists") or ()),
        language=str(p.get("language", "")),
        segment=_segment_of(fold, str(p.get("kind", "statement")), preferred),
        received_at=event.at,
    )


def _segment_of(fold: _Fold, kind: str, preferred: str) -> str:
    """Rights of reply are heard at the end of the day (decision 34/401): in the last segment that
    takes the floor, after its speakers; other requests go to the segment asked for."""
    config: Config = fold.get("config")
    done = fold.get("segments_done")
    if kind == "reply" and config.last_floor_segment not in done:
        preferred = config.last_floor_segment
    return config.default_segment(done, preferred)


def _apply(fold: _Fold, event: Event) -> None:
    p = event.payload
    t = event.type
    config: Config = fold.get("config")
    if t == EventType.MEETING_CONFIGURED:
        fold.set(config=Config.from_payload(p))
    elif t == EventType.LIST_OPENED:
        fold.set(list_open=True)
    elif t == EventType.LIST_CLOSED:
        fold.set(list_open=False)
    elif t == EventType.SPEAKER_INSCRIBED:
        entry = _entry_from(event, fold)
        position = p.get("position")
        if position is not None:
            entry = replace(entry, pinned=True, move_reason=str(p.get("reason", "")))
            fold.changed()
            fold.entries[entry.id] = entry
            fold.replace_order(entry.id, int(position))
        else:
            fold.inscribe(entry, config)
    elif t == EventType.SPEAKER_UPDATED:
        entry_id = int(p["entry"])
        changes = {k: v for k, v in p.get("changes", {}).items() if k in UPDATABLE}
        for key in ("group_members", "to_panellists"):
            if key in changes:
                changes[key] = tuple(changes[key])
        fold.update_entry(entry_id, **changes)
        updated = fold.entries.get(entry_id)
        if updated and updated.status == Status.WAITING and not updated.pinned:
            fold.unlist(entry_id)
            fold.order = place(fold.order, fold.entries, updated, config)
    elif t == EventType.SPEAKER_WITHDRAWN:
        fold.update_entry(int(p["entry"]), status=Status.WITHDRAWN)
        fold.unlist(int(p["entry"]))
    elif t == EventType.SPEAKER_MOVED:
        entry_id = int(p["entry"])
        fold.update_entry(entry_id, pinned=True, move_reason=str(p.get("reason", "")))
        if entry_id in fold.order:
            fold.replace_order(entry_id, int(p["position"]))
    elif t == EventType.SEGMENT_STARTED:
        plan = config.segment(str(p["segment"]))
        invited = plan.speakers if plan is not None and not plan.takes_floor else ()
        fold.set(
            segment=str(p["segment"]),
            invited=invited,
            invited_kind="remarks",
            segment_started_at=event.at,
            heard_since_round=(),
            round_questions=(),
        )
    elif t == EventType.SEGMENT_ENDED:
        _end_segment(fold, str(p["segment"]))
    elif t == EventType.SPEECH_STARTED:
        _start_speech(fold, event)
    elif t == EventType.SPEECH_PAUSED:
        speech = fold.get("speech")
        if speech is not None and speech.running:
            fold.set(speech=replace(speech, paused_at=event.at))
    elif t == EventType.SPEECH_RESUMED:
        speech = fold.get("speech")
        if speech is not None and speech.paused_at is not None:
            paused = (event.at - speech.paused_at).total_seconds()
            fold.set(speech=replace(speech, paused_at=None, paused_s=speech.paused_s + paused))
    elif t == EventType.SPEECH_ENDED:
        fold.finish_speech(event.at)
    elif t == EventType.TIME_ADDED:
        speech = fold.get("speech")
        if speech is not None and speech.limit_s is not None:
            fold.set(speech=replace(speech, limit_s=speech.limit_s + int(p["seconds"])))
    elif t == EventType.POINT_OF_ORDER_RAISED:
        speech = fold.get("speech")
        if speech is not None:
            paused = (
                speech
                if speech.paused_at
                else replace(speech, paused_at=event.at, resumes_after_interruption=True)
            )
            fold.set(interrupted=(*fold.get("interrupted"), paused), speech=None)
    elif t == EventType.PANEL_ROUND_STARTED:
        panellists = tuple(Invitee.from_payload(x) for x in p.get("panellists", ()))
        fold.set(
            invited=panellists,
            invited_kind="panel",
            round_questions=fold.get("heard_since_round"),
            heard_since_round=(),
        )
    elif t == EventType.PANEL_CADENCE_SET:
        fold.set(panel_every=max(0, int(p.get("every", 0))))


# What a change to a request may touch (the `update` command checks it; the fold applies it).
UPDATABLE = (
    "speaker",
    "title",
    "level",
    "kind",
    "on_behalf_of",
    "group_members",
    "to_panellists",
    "language",
)


def _start_speech(fold: _Fold, event: Event) -> None:
    p = event.payload
    entry_id = p.get("entry")
    if entry_id is not None:
        entry_id = int(entry_id)
        fold.update_entry(entry_id, status=Status.SPEAKING)
        fold.unlist(entry_id)
        fold.set(heard_since_round=(*fold.get("heard_since_round"), entry_id))
    invited: tuple[Invitee, ...] = fold.get("invited")
    if p.get("invited") and invited:
        fold.set(invited=invited[1:])
    fold.set(
        speech=Speech(
            id=event.seq,
            kind=str(p.get("kind", "statement")),
            speaker=str(p.get("speaker", "")),
            started_at=event.at,
            limit_s=p.get("limit_s"),
            entry=entry_id,
            delegation=str(p.get("delegation", "")),
            delegation_name=str(p.get("delegation_name", "")),
            title=str(p.get("title", "")),
            on_behalf_of=str(p.get("on_behalf_of", "")),
            segment=fold.get("segment"),
        )
    )


def _end_segment(fold: _Fold, key: str) -> None:
    """Close a segment; its waiting speakers carry over, in order, to the next segment that takes
    the floor, ahead of that segment's own speakers."""
    config: Config = fold.get("config")
    done = (*fold.get("segments_done"), key)
    fold.set(
        segment="",
        segments_done=done,
        invited=(),
        invited_kind="",
        segment_started_at=None,
        heard_since_round=(),
        round_questions=(),
    )
    ahead = [s for s in config.segments if s.takes_floor and s.key not in done]
    ahead = [s for s in ahead if config.rank(s.key) > config.rank(key)] or ahead
    if not ahead:
        return
    target = ahead[0].key
    carried = [
        i
        for i in fold.order
        if fold.entries[i].segment in (key, "")
        or config.rank(fold.entries[i].segment) < config.rank(target)
    ]
    for rank, entry_id in enumerate(carried, start=1):
        fold.update_entry(entry_id, segment=target, carry_rank=rank)
    # The target may come earlier in the programme than the segment that ended (the chair took the
    # segments out of order): put the speakers not placed by hand back in policy order, carried ones
    # first; speakers placed by hand keep their places.
    fold.changed()
    free = [i for i in fold.order if not fold.entries[i].pinned]
    ranked = iter(sorted(free, key=lambda i: sort_key(fold.entries[i], config)))
    fold.order = [i if fold.entries[i].pinned else next(ranked) for i in fold.order]


def _apply_command(fold: _Fold, event: Event) -> None:
    """Keep the state before each undoable command, and take it back on `undone`."""
    if event.type not in CLOCK_ONLY:
        fold.set(list_seq=event.seq)
    if event.type == EventType.UNDONE:
        history = fold.get("history")
        if history and history[-1][0] == int(event.payload["command"]):
            fold.reset(history[-1][2])
            fold.set(history=history[:-1], list_seq=event.seq)
        return
    if event.starts_command:
        if event.type in UNDOABLE:
            before = fold.freeze(event.seq - 1)
            history = (*before.history, (event.seq, event.type, replace(before, history=())))
            fold.set(history=history[-UNDO_DEPTH:])
        else:
            fold.set(history=())
    _apply(fold, event)


# Events that move only a speech's clock: the list of speakers, as pages show it, is unchanged.
CLOCK_ONLY = frozenset({EventType.SPEECH_PAUSED, EventType.SPEECH_RESUMED, EventType.TIME_ADDED})

# The chair's actions can be undone; a delegation's inscription or the meeting's configuration cannot.
UNDOABLE = frozenset(
    {
        EventType.SPEAKER_MOVED,
        EventType.SEGMENT_STARTED,
        EventType.SEGMENT_ENDED,
        EventType.SPEECH_STARTED,
        EventType.SPEECH_PAUSED,
        EventType.SPEECH_RESUMED,
        EventType.SPEECH_ENDED,
        EventType.TIME_ADDED,
        EventType.POINT_OF_ORDER_RAISED,
        EventType.PANEL_ROUND_STARTED,
        EventType.PANEL_CADENCE_SET,
        EventType.LIST_OPENED,
        EventType.LIST_CLOSED,
    }
)


def fold(events: Iterable[Event], state: FloorState | None = None) -> FloorState:
    """The floor after `events`, starting from `state` (the empty floor by default)."""
    working = _Fold(state or FloorState())
    seq = working.state.seq
    for event in events:
        _apply_command(working, event)
        seq = event.seq
    return working.freeze(seq, last=True)
