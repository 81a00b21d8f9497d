"""Properties of the floor that hold whatever the chair and the delegations do, in any order.

A state machine plays random commands, valid or not, against a floor log with a clock that only
moves forward. A refused command must raise a FloorError and change nothing; after every step the
floor must be coherent, and its clock must agree with a count of the log's timestamps made here,
independently of `fold`.
"""

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from hemicycle.floor import (
    Entry,
    Event,
    EventType,
    FloorError,
    Status,
    active_entry_of,
    decide,
    fold,
    settle,
)
from hemicycle.floor.chain import first_break
from hemicycle.floor.commands import MAX_REPLIES, Request, inscribe
from hemicycle.floor.index import index_of
from hemicycle.floor.precedence import CATEGORIES, LEVELS, slot, sort_key

from .support import CLOSING, DEBATE, OPENING, PANEL, Floor

DELEGATIONS = [
    ("fra", "France"),
    ("gha", "Ghana"),
    ("bra", "Brazil"),
    ("jpn", "Japan"),
    ("irq", "Iraq"),
    ("va", "Holy See"),
    ("eu", "European Union"),
    ("unicef", "UNICEF"),
    ("civicus", "CIVICUS"),
]
PROGRAMMES = [
    [],
    [DEBATE],
    [OPENING, PANEL, DEBATE, CLOSING],
    [PANEL, {**DEBATE, "limit_s": 60}],
]


def mostly(valid, wrong):
    """Valid values, and now and then one that the floor must refuse."""
    valid = list(valid)
    return st.sampled_from([*valid * -(-9 // len(valid)), wrong])


def requests(valid_only=False):
    def pick(valid, wrong):
        return st.sampled_from(valid) if valid_only else mostly(valid, wrong)

    return st.builds(
        lambda who, category, level, kind, group, segment: Request(
            delegation=who[0],
            delegation_name=who[1],
            category=category,
            level=level,
            kind=kind,
            on_behalf_of=group,
            segment=segment,
        ),
        st.sampled_from(DELEGATIONS),
        pick(CATEGORIES, "martian"),
        pick(LEVELS, "king"),
        pick(["statement", "statement", "question", "reply"], "song"),
        st.sampled_from(["", "", "", "Group of 77 and China", "European Union"]),
        pick(["", "", "", "panel", "debate", "closing"], "break"),
    )


# -- an independent count of the clock ---------------------------------------------------------


@dataclass
class Timed:
    """One speech as the log's timestamps tell it."""

    limit_s: int | None
    intervals: list[list[datetime | None]] = field(default_factory=list)

    def stop(self, at: datetime) -> None:
        if self.intervals and self.intervals[-1][1] is None:
            self.intervals[-1][1] = at

    def go(self, at: datetime) -> None:
        if not self.intervals or self.intervals[-1][1] is not None:
            self.intervals.append([at, None])

    def seconds(self, now: datetime) -> float:
        return sum(((end or now) - start).total_seconds() for start, end in self.intervals)


@dataclass
class Clocks:
    current: int | None = None
    interrupted: list[int] = field(default_factory=list)
    speeches: dict[int, Timed] = field(default_factory=dict)
    finished: list[int] = field(default_factory=list)
    cut_off: dict[int, Event] = field(default_factory=dict)  # speech -> the clock's end of it


def effective(events: list[Event]) -> list[Event]:
    """The log without the commands that were undone: an `undone` event takes back the last
    command still in effect, which must be the one it names."""
    commands: list[list[Event]] = []
    for e in events:
        if e.type == EventType.UNDONE:
            assert commands[-1][0].seq == e.payload["command"]
            commands.pop()
        elif e.starts_command:
            commands.append([e])
        else:
            commands[-1].append(e)
    return [e for command in commands for e in command]


def clocks(events: list[Event]) -> Clocks:
    """Each speech's running intervals: from its start or resumption to a pause, a point of order
    that interrupts it, or its end."""
    c = Clocks()
    for e in effective(events):
        current = c.speeches[c.current] if c.current is not None else None
        if e.type == EventType.SPEECH_STARTED:
            c.current = e.seq
            c.speeches[e.seq] = Timed(limit_s=e.payload.get("limit_s"), intervals=[[e.at, None]])
        elif e.type == EventType.SPEECH_PAUSED and current:
            current.stop(e.at)
        elif e.type == EventType.SPEECH_RESUMED and current:
            current.go(e.at)
        elif e.type == EventType.POINT_OF_ORDER_RAISED and current:
            current.stop(e.at)
            c.interrupted.append(c.current)
            c.current = None
        elif e.type == EventType.SPEECH_ENDED and current:
            current.stop(e.at)
            c.finished.append(c.current)
            if e.payload.get("reason") == "time":
                c.cut_off[c.current] = e
            c.current = c.interrupted.pop() if c.interrupted else None
        elif e.type == EventType.TIME_ADDED and current and current.limit_s is not None:
            current.limit_s += e.payload["seconds"]
    return c


# -- the machine -------------------------------------------------------------------------------


class FloorMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.floor = Floor()
        self.folded_upto = 0  # every prefix of the log up to here has been folded from scratch

    @initialize(
        policy=st.sampled_from(["un_dialogue", "first_come", "manual"]),
        overrun=st.sampled_from(["soft", "bell", "hard"]),
        programme=st.sampled_from(PROGRAMMES),
        open_list=mostly([True], False),
        already_in=st.lists(requests(valid_only=True), max_size=6),
    )
    def configure(self, policy, overrun, programme, open_list, already_in):
        """The meeting is configured; some requests may already be in."""
        self.floor.configure(
            policy=policy, overrun=overrun, segments=programme, open_list=open_list
        )
        for request in already_in:
            self.attempt(
                lambda state, now, r=request: inscribe(state, r, override_closed=True, now=now)
            )

    # -- attempting commands ---------------------------------------------------------------------

    def attempt(self, decision, actor="chair"):
        """Append what `decision` decides, or check that its refusal changed nothing."""
        state, logged = self.floor.state, list(self.floor.events)
        snapshot = copy.deepcopy(state)
        try:
            new = decision(state, self.floor.now)
        except FloorError as refused:
            event(f"refused: {type(refused).__name__}")
            assert self.floor.state is state
            assert state == snapshot
            assert self.floor.events == logged
            return
        self.floor.append(new, actor=actor)
        for appended in new:
            event(f"appended: {appended.type}")

    def command(self, action, **arguments):
        self.attempt(lambda state, now: decide(state, action, now, **arguments))

    def some_entry(self, data):
        """Mostly a waiting request; now and then one that has spoken or left, or none at all."""
        state = self.floor.state
        waiting, known = list(state.order), sorted(state.entries)
        return data.draw(st.sampled_from([*waiting, *waiting, *waiting, *known, 999]))

    # -- the rules: each a kind of thing that happens in a meeting ------------------------------

    @rule(seconds=st.integers(0, 400) | st.floats(0, 3, allow_nan=False))
    def time_passes(self, seconds):
        self.floor.wait(seconds)

    @rule()
    def the_clock_settles(self):
        """The timekeeper settles until nothing is left to end: under `hard` no running speech is
        then past its limit; under `soft` and `bell` the clock never ends a speech."""
        for _ in range(10):
            logged = len(self.floor.events)
            self.attempt(settle, "clock")
            if len(self.floor.events) == logged:
                break
        state = self.floor.state
        speech = state.speech
        if state.config.overrun != "hard":
            assert all(e.actor != "clock" for e in self.floor.events)
        elif speech is not None and speech.running and speech.limit_s is not None:
            assert speech.remaining(self.floor.now) > 0

    @rule(
        batch=st.lists(requests(), min_size=1, max_size=4),
        override=st.booleans(),
    )
    def delegations_inscribe(self, batch, override):
        for request in batch:
            self.attempt(
                lambda state, now, r=request: inscribe(state, r, override_closed=override, now=now),
                "delegation",
            )

    @rule(request=requests(), position=mostly([1, 2, 3], 0), reason=st.sampled_from(["", "Reply"]))
    def a_speaker_from_the_floor(self, request, position, reason):
        self.command("insert", request=request, position=position, reason=reason)

    @rule(
        data=st.data(),
        action=st.sampled_from(["withdraw", "update", "update", "move", "move"]),
        level=mostly(LEVELS, "king"),
        kind=mostly(["statement", "question", "reply"], "song"),
        position=mostly([1, 2, 3], 0),
        reason=mostly(["Courtesy"], " "),
    )
    def the_secretariat_edits_a_request(self, data, action, level, kind, position, reason):
        entry = self.some_entry(data)
        if action == "withdraw":
            self.command("withdraw", entry=entry)
        elif action == "update":
            changes = data.draw(
                st.sampled_from([{"level": level}, {"kind": kind}, {"title": "Dr"}])
            )
            self.command("update", entry=entry, changes=changes)
        else:
            self.command("move", entry=entry, position=position, reason=reason)

    @rule(action=st.sampled_from(["open_list", "close_list"]))
    def the_list_opens_or_closes(self, action):
        self.command(action)

    @rule(data=st.data(), action=st.sampled_from(["next", "next", "start"]), named=st.booleans())
    def the_chair_gives_the_floor(self, data, action, named):
        self.command(action, entry=self.some_entry(data) if named else None)

    @rule(data=st.data(), seconds=mostly([1, 30, 60, 3600], 0) | st.sampled_from([-10, 3601]))
    def the_chair_runs_the_clock(self, data, seconds):
        speech = self.floor.state.speech
        toggle = "resume" if speech is not None and not speech.running else "pause"
        action = data.draw(
            st.sampled_from([toggle, toggle, "end", "end", "add_time", "pause", "resume"])
        )
        self.command(action, **({"seconds": seconds} if action == "add_time" else {}))

    @rule(name=mostly(["Russian Federation", "Ukraine"], ""))
    def a_point_of_order(self, name):
        self.command("point_of_order", delegation=name[:3].lower(), delegation_name=name)

    @rule(panellists=st.sampled_from([[], [], [{"name": "Greta Thunberg", "role": "panellist"}]]))
    def a_panel_round(self, panellists):
        self.command("panel_round", panellists=panellists)

    @rule(data=st.data(), end=st.booleans())
    def the_programme_moves_on(self, data, end):
        if end:
            self.command("end_segment")
            return
        keys = [s.key for s in self.floor.state.config.segments]
        segment = data.draw(mostly(keys, "break") if keys else st.just("break"))
        self.command("start_segment", segment=segment)

    @rule()
    def the_chair_undoes(self):
        self.command("undo")

    # -- invariants ------------------------------------------------------------------------------

    def teardown(self):
        state = self.floor.state
        event(f"requests: {min(len(state.entries) // 5 * 5, 20)}+")
        event(f"speeches: {min(len(state.record) // 5 * 5, 20)}+")
        event(f"segments done: {len(state.segments_done)}")
        event(f"log: {min(len(self.floor.events) // 20 * 20, 100)}+ events")

    @invariant()
    def the_list_is_exactly_the_waiting_requests(self):
        state = self.floor.state
        waiting = {i for i, e in state.entries.items() if e.status == Status.WAITING}
        assert len(state.order) == len(set(state.order))
        assert set(state.order) == waiting

    @invariant()
    def one_speaker_at_most(self):
        state = self.floor.state
        assert all(isinstance(e.status, Status) for e in state.entries.values())
        speaking = {i for i, e in state.entries.items() if e.status == Status.SPEAKING}
        holders = [s for s in (state.speech, *state.interrupted) if s is not None]
        assert speaking == {s.entry for s in holders if s.entry is not None}
        assert len(speaking) <= 1
        spoken = {i for i, e in state.entries.items() if e.status == Status.SPOKEN}
        assert spoken == {f.speech.entry for f in state.record if f.speech.entry is not None}
        if state.interrupted:
            assert state.speech is not None
            assert all(s.paused_at is not None for s in state.interrupted)

    @invariant()
    def no_delegation_has_more_than_two_rights_of_reply(self):
        """However a request became a reply (asked for, or changed into one), at most two per
        delegation are not withdrawn."""
        replies = Counter(
            e.delegation
            for e in self.floor.state.entries.values()
            if e.kind == "reply" and e.status != Status.WITHDRAWN
        )
        assert all(count <= MAX_REPLIES for count in replies.values())

    @invariant()
    def the_list_follows_the_policy(self):
        """Between requests placed by hand, the list is in the order the policy gives."""
        state = self.floor.state
        keys = [sort_key(e, state.config) for e in state.waiting() if not e.pinned]
        assert keys == sorted(keys)

    @invariant()
    def the_shortcuts_agree_with_the_rules(self):
        """The index kept with the floor (placement by bisection, each delegation's active request)
        gives what the plain rules give: the place `precedence.slot` finds for a new request of
        every level, the list folded without it, and a look through every entry."""
        state = self.floor.state
        plain = fold(self.floor.events, use_index=False)
        assert state.order == plain.order
        segment = state.default_segment()
        for level in ("head_of_state", "minister", "other"):
            probe = Entry.from_payload(
                state.seq + 1, {"delegation": "PRB", "level": level}, self.floor.now, segment
            )
            found = index_of(state).slot(probe, state.order, state.entries)
            assert found == slot(state.order, state.entries, probe, state.config)
        for code, _name in DELEGATIONS:
            active = [
                e
                for e in state.entries.values()
                if e.delegation == code and e.status in (Status.WAITING, Status.SPEAKING)
            ]
            assert active_entry_of(state, code) == (active[0] if active else None)

    @invariant()
    def the_clock_agrees_with_the_timestamps(self):
        state, now = self.floor.state, self.floor.now
        counted = clocks(self.floor.events)
        if state.speech is None:
            assert counted.current is None
        else:
            assert state.speech.id == counted.current
            timed = counted.speeches[state.speech.id]
            assert abs(state.speech.elapsed(now) - max(0.0, timed.seconds(now))) < 1e-6
            assert state.speech.limit_s == timed.limit_s
        assert [s.id for s in state.interrupted] == counted.interrupted
        for speech in state.interrupted:
            timed = counted.speeches[speech.id]
            assert abs(speech.elapsed(now) - max(0.0, timed.seconds(now))) < 1e-6

    @invariant()
    def the_record_is_sound(self):
        state = self.floor.state
        counted = clocks(self.floor.events)
        assert [f.speech.id for f in state.record] == counted.finished
        for finished in state.record:
            timed = counted.speeches[finished.speech.id]
            assert finished.duration_s >= 0
            assert abs(finished.duration_s - max(0.0, timed.seconds(finished.ended_at))) < 1e-6
            assert finished.speech.limit_s == timed.limit_s
            limit = finished.speech.limit_s
            if limit is not None:
                assert finished.overrun_s == max(0.0, finished.duration_s - limit)
            if finished.speech.id in counted.cut_off:
                # At the instant of the limit; unless the log had already passed that instant (the
                # chair acted before the clock settled, or undid its cut-off): then when the clock
                # settled, since the log's time never runs backwards.
                ended = counted.cut_off[finished.speech.id]
                before = self.floor.events[ended.seq - 2]
                assert abs(finished.duration_s - limit) < 1e-6 or (
                    finished.duration_s > limit and ended.at == before.at
                )

    @invariant()
    def the_log_is_a_hash_chain(self):
        """The log is stamped as the store stamps it: every link of its hash chain holds."""
        assert first_break(e.row for e in self.floor.events) is None

    @invariant()
    def every_prefix_folds(self):
        events = self.floor.events
        for end in range(self.folded_upto + 1, len(events) + 1):
            fold(events[:end])
        self.folded_upto = len(events)

    @invariant()
    def the_fold_is_deterministic(self):
        events = self.floor.events
        assert fold(events) == self.floor.state
        assert fold(events) == fold(events)
        half = len(events) // 2
        assert fold(events[half:], fold(events[:half])) == self.floor.state


FloorMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestFloor = FloorMachine.TestCase
