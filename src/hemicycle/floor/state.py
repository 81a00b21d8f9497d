"""The floor's value types: the meeting's configuration, the requests on its list, the speeches and
their record, and `FloorState`, which holds them all (`fold.py` makes one from a log)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKEN = "spoken"
    WITHDRAWN = "withdrawn"


# The floor's vocabularies: each code has this one home (tests/test_vocabularies.py checks that
# the Django choices and the interface's words agree with them).
SEGMENT_KINDS = ("opening", "panel", "dialogue", "break", "closing")
FLOOR_KINDS = frozenset({"panel", "dialogue"})  # the segments in which the list takes the floor
OVERRUNS = ("soft", "bell", "hard")  # what happens at a speech's limit


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

    def payload(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "speakers": [s.payload() for s in self.speakers],
            "limit_s": self.limit_s,
        }


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

    def payload(self) -> dict[str, Any]:
        """The configuration in full, as the log records it: every limit spelled out, so that a
        later change of the defaults does not change what a past meeting's limits were."""
        return {
            "policy": self.policy,
            "overrun": self.overrun,
            "limits": dict(sorted(self.limits.items())),
            "segments": [s.payload() for s in self.segments],
        }

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
    confirmed: bool = True  # False: its declared level or group awaits the secretariat's check

    @classmethod
    def from_payload(
        cls, seq: int, data: Mapping[str, Any], received_at: datetime, segment: str
    ) -> "Entry":
        """The request that event `seq` (`speaker_inscribed`) records, in the segment the fold
        put it in."""
        return cls(
            id=seq,
            delegation=str(data.get("delegation", "")),
            delegation_name=str(data.get("delegation_name", data.get("delegation", ""))),
            category=str(data.get("category", "member_state")),
            speaker=str(data.get("speaker", "")),
            title=str(data.get("title", "")),
            level=str(data.get("level", "other")),
            kind=str(data.get("kind", "statement")),
            on_behalf_of=str(data.get("on_behalf_of") or ""),
            group_members=tuple(data.get("group_members") or ()),
            to_panellists=tuple(data.get("to_panellists") or ()),
            language=str(data.get("language", "")),
            segment=segment,
            received_at=received_at,
            confirmed=bool(data.get("confirmed", True)),
        )

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
class Window:
    """When focal points may inscribe (`window_set`), and whether its opening and its closing
    have passed on the floor: at each, the list opens or closes by itself, once (`settle`); any
    opening or closing of the list after that instant, by hand or by the window, counts as it."""

    opens_at: datetime
    closes_at: datetime | None = None
    opened: bool = False
    closed: bool = False

    def phase(self, now: datetime) -> str:
        """`before`, `open` or `after` the window at `now`."""
        if now < self.opens_at:
            return "before"
        if self.closes_at is not None and now >= self.closes_at:
            return "after"
        return "open"


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
    format: int = 0  # the log's event format and the rules its commands decided under
    rules: str = ""  # (both from the last `meeting_configured`)
    window: "Window | None" = None  # when delegations may inscribe, as last set in the log
    # What `floor.index` keeps with this floor to place a request and to find a delegation's request
    # without going through the whole list (an `index.Anchor`, set by the fold when it makes the
    # floor). Not part of the floor: equal floors may differ in it. Typed `object` so that this
    # module needs nothing from the index's.
    index: object = field(default=None, compare=False, repr=False)

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

    def default_segment(self, preferred: str = "") -> str:
        return self.config.default_segment(self.segments_done, preferred)

    def limit_for(self, kind: str, segment: str = "") -> int | None:
        plan = self.config.segment(segment or self.segment)
        if plan is not None and plan.limit_s and kind == "statement":
            return plan.limit_s
        return self.config.limits.get(kind)


# A request still in play: waiting on the list, or speaking.
ACTIVE = (Status.WAITING, Status.SPEAKING)

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
