"""The command layer: every change to a meeting's floor goes through `execute`.

One command is one transaction: lock the meeting, fold the log, check `expected_seq`, let `floor/`
decide, append the events with their hash chain, commit, then publish the new floor. A refused
command appends nothing. The only other code that writes the log is the backup's restore, which
writes a log already verified link by link.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hemicycle import floor
from hemicycle.floor.chain import GENESIS, stamp
from hemicycle.floor.errors import StaleCommand
from hemicycle.floor.events import EventType, NewEvent
from hemicycle.floor.i18n import _
from hemicycle.floor.state import Config
from hemicycle.meetings import lifecycle
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import broadcast, checkpoints, timekeeper
from hemicycle.proceedings.batch import Batch, Tip
from hemicycle.proceedings.models import FloorEvent

Decision = Callable[[floor.FloorState, datetime], list[NewEvent]]

CLOCK = "clock"  # the actor of what the clock alone decides (`floor.settle`)


class FoldCache:
    """The latest folded floor of each meeting this process has seen, with its tip (the hash and
    time of its last event), and the head last published for it.

    The log stays the truth: a cached floor is used only after reading the log from its seq on, and
    only if the event it stands on is still there with the same hash; then the newer events are
    folded onto it. Otherwise (the meeting was deleted, restored or rewritten) the cache is dropped
    and the whole log is folded again. A full fold of a long day takes a third of a second, one
    command's events a twentieth of a millisecond (docs/performance.md)."""

    EMPTY: tuple[floor.FloorState, Tip] = (floor.FloorState(), (GENESIS, None))

    def __init__(self) -> None:
        self._floors: dict[int, tuple[floor.FloorState, Tip]] = {}
        self._published: dict[int, tuple[int, dict[str, Any]]] = {}  # meeting -> (seq, head)
        self._lock = threading.Lock()

    def floor_and_tip(self, meeting: Meeting) -> tuple[floor.FloorState, Tip]:
        """The floor of `meeting` as its log now stands, and the log's tip."""
        with self._lock:
            cached, tip = self._floors.get(meeting.pk, self.EMPTY)
        rows = list(FloorEvent.objects.filter(meeting=meeting, seq__gte=cached.seq).order_by("seq"))
        if cached.seq and (not rows or rows[0].seq != cached.seq or rows[0].hash != tip[0]):
            cached, tip = self.EMPTY
            rows = list(FloorEvent.objects.filter(meeting=meeting).order_by("seq"))
        newer = [row for row in rows if row.seq > cached.seq]
        if not newer:
            return cached, tip
        state = floor.fold([row.as_event() for row in newer], cached)
        tip = (newer[-1].hash, newer[-1].at)
        self.remember(meeting.pk, state, tip)
        return state, tip

    def remember(self, meeting_pk: int, state: floor.FloorState, tip: Tip) -> None:
        with self._lock:
            known = self._floors.get(meeting_pk)
            if known is None or known[0].seq < state.seq:
                self._floors[meeting_pk] = (state, tip)

    def published(self, meeting_pk: int, seq: int) -> dict[str, Any] | None:
        """The head published for `meeting_pk` at `seq`, if that is the last one published."""
        with self._lock:
            found = self._published.get(meeting_pk)
        return found[1] if found is not None and found[0] == seq else None

    def remember_published(self, meeting_pk: int, seq: int, head: dict[str, Any]) -> None:
        with self._lock:
            self._published[meeting_pk] = (seq, head)

    def forget(self) -> None:
        with self._lock:
            self._floors.clear()
            self._published.clear()


cache = FoldCache()


@dataclass(frozen=True)
class Outcome:
    state: floor.FloorState
    events: list[FloorEvent]

    def head(self, meeting: Meeting) -> dict[str, Any]:
        """The floor's head after the command: the one just published, or computed now."""
        from hemicycle.proceedings import snapshot

        published = cache.published(meeting.pk, self.state.seq)
        return published if published is not None else snapshot.head(meeting, self.state)


def state_of(meeting: Meeting, batch: Batch | None = None) -> floor.FloorState:
    """The floor of `meeting` now (in `batch`, as the batch's commands have left it)."""
    chained = batch.chained.get(meeting.pk) if batch is not None else None
    if chained is not None:
        return chained[1]
    return cache.floor_and_tip(meeting)[0]


def forget_cache() -> None:
    """Drop the per-process cache (a restore, and tests that reset the database, use it)."""
    cache.forget()


def execute(
    meeting: Meeting,
    decision: Decision,
    *,
    actor: str,
    expected_seq: int | None = None,
    now: datetime | None = None,
    batch: Batch | None = None,
) -> Outcome:
    """Run one command against the floor of `meeting`, atomically; in `batch`, as one of the
    batch's commands (the writer's savepoint around it stands for the command's own)."""
    with transaction.atomic(savepoint=batch is None):
        chained = batch.chained.get(meeting.pk) if batch is not None else None
        if chained is not None:
            locked, state, tip = chained  # locked by this transaction's earlier command
        elif connection.features.has_select_for_update:
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            state, tip = cache.floor_and_tip(locked)
        else:
            locked = meeting  # SQLite: the transaction (BEGIN IMMEDIATE) already holds the lock
            state, tip = cache.floor_and_tip(locked)
        if expected_seq is not None and expected_seq != state.seq:
            raise StaleCommand(
                _(
                    "The floor has changed since your last view (now at {seq}); look again and repeat the action if it still applies."
                ),
                seq=state.seq,
                expected=expected_seq,
            )
        moment = now or timezone.now()
        appended: list[FloorEvent] = []
        settled = floor.settle(state, moment)
        if settled:
            state, rows, tip = _append(locked, state, tip, settled, CLOCK, moment, batch)
            appended += rows
        new = decision(state, moment)
        state, rows, tip = _append(locked, state, tip, new, actor, moment, batch)
        appended += rows
        final = state
        if any(row.type in _STAGES for row in appended):
            _follow_stage(locked, final)
        if appended:
            if batch is None:
                transaction.on_commit(lambda: _committed(locked, final, tip))
            else:
                batch.chain(locked, final, tip, _committed)
    return Outcome(state=final, events=appended)


# The events after which the meeting's stage (convened, in progress, concluded) may have moved.
_STAGES = frozenset({EventType.SEGMENT_STARTED, EventType.SEGMENT_ENDED, EventType.UNDONE})


def _follow_stage(meeting: Meeting, state: floor.FloorState) -> None:
    """The meeting is in progress once a segment has started, concluded once the programme's
    last segment has ended (meetings/lifecycle.py)."""
    started = bool(state.segment or state.segments_done)
    lifecycle.follow_floor(meeting, started=started, finished=checkpoints.concluded(state))


def _committed(meeting: Meeting, state: floor.FloorState, tip: Tip) -> None:
    cache.remember(meeting.pk, state, tip)
    head = broadcast.publish(meeting, state)
    cache.remember_published(meeting.pk, state.seq, head)
    timekeeper.watch(meeting, state, settle)
    if checkpoints.concluded(state):
        checkpoints.at_conclusion(meeting)  # the meeting's last word, signed


def settle(meeting: Meeting) -> None:
    """Bring the floor up to the time (an empty command): under the `hard` overrun policy, a
    speech whose time is up ends at its limit; the window opens or closes the list (timekeeper.py
    calls this at that instant)."""
    execute(meeting, lambda state, now: [], actor=CLOCK)


def watch_the_clock() -> None:
    """At start: a timer for each meeting whose floor has something due on the clock (a speech
    under `hard`, an inscription window's opening or closing)."""
    candidates = Meeting.objects.filter(
        Q(overrun="hard") | Q(floor_events__type=EventType.WINDOW_SET)
    ).distinct()
    for meeting in candidates:
        timekeeper.watch(meeting, state_of(meeting), settle)


def _append(
    meeting: Meeting,
    state: floor.FloorState,
    tip: Tip,
    new: list[NewEvent],
    actor: str,
    now: datetime,
    batch: Batch | None,
) -> tuple[floor.FloorState, list[FloorEvent], Tip]:
    """Append `new` after the log's last event (`tip`: its hash and time, read under the lock)."""
    if not new:
        return state, [], tip
    stamped = stamp(*tip, state.seq + 1, new, actor, now)
    rows = [FloorEvent.of(meeting, event) for event in stamped]
    if batch is not None:
        batch.rows.extend(rows)  # inserted with the rest of the batch (Batch.finish)
    else:
        FloorEvent.objects.bulk_create(rows)
    return floor.fold(stamped, state), rows, (stamped[-1].hash, stamped[-1].at)


def configure(meeting: Meeting, *, actor: str = "system", now: datetime | None = None) -> Outcome:
    """Record the meeting's programme and rules in its log, so the floor follows them."""
    config = meeting.floor_config()
    return execute(
        meeting,
        lambda state, moment: floor.commands.configure(state, moment, config=config),
        actor=actor,
        now=now,
    )


def follow_programme(meeting: Meeting, actor: str) -> bool:
    """Configure the floor from the meeting's programme and rules as they now are, if they changed
    (a configuration clears the chair's undo history: an edit of the information note during the
    meeting must not append one). Runs when convening says so (meetings.signals)."""
    if Config.from_payload(meeting.floor_config()) == state_of(meeting).config:
        return False
    configure(meeting, actor=actor)
    return True
