"""The command layer: every change to a meeting's floor goes through `execute`.

One command is one transaction: lock the meeting, fold the log, check `expected_seq`, let `floor/`
decide, append the events with their hash chain, commit, then publish the new floor. A refused command
appends nothing.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hemicycle import floor
from hemicycle.floor.chain import GENESIS, event_hash
from hemicycle.floor.events import EventType, NewEvent
from hemicycle.floor.i18n import _
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.models import FloorEvent

Decision = Callable[[floor.FloorState, datetime], list[NewEvent]]


class StaleCommand(floor.FloorError):
    """The console acted on a floor that has changed since it last looked."""

    code = "stale"


@dataclass(frozen=True)
class Outcome:
    state: floor.FloorState
    events: list[FloorEvent]

    def head(self, meeting: Meeting) -> dict[str, Any]:
        """The floor's head after the command: the one just published, or computed now."""
        from hemicycle.proceedings import snapshot

        with _states_lock:
            published = _published.get(meeting.pk)
        if published is not None and published[0] == self.state.seq:
            return published[1]
        return snapshot.head(meeting, self.state)


# The latest folded floor of each meeting this process has seen, with the hash and time of its last
# event (the tip the next event chains on). The log stays the truth: the cache is advanced by folding
# the events after its seq, and dropped when the event it stands on is no longer in the log (the
# meeting was deleted or restored).
Tip = tuple[str, datetime | None]
_states: dict[int, tuple[floor.FloorState, Tip]] = {}
_states_lock = threading.Lock()
_published: dict[int, tuple[int, dict[str, Any]]] = {}  # meeting -> (seq, head) last published
_EMPTY: tuple[floor.FloorState, Tip] = (floor.FloorState(), (GENESIS, None))


def state_of(meeting: Meeting) -> floor.FloorState:
    """The floor of `meeting` now: the cached fold advanced by any newer events in the log."""
    chained = _chained(meeting.pk)
    if chained is not None:
        return chained[1]
    return _state_and_tip(meeting)[0]


# Several commands in one transaction (the inscription's writer, inscription/rush.py): once a
# command has locked a meeting and appended to its log, the next one chains on the state and tip it
# left (the transaction holds the lock, nobody else can write) instead of reading the log again; the
# group's events are inserted together, in seq order, before the group commits; and the floor is
# published once per meeting when it has committed. The writer's own savepoint around each command
# stands for the command's (a refused command has appended nothing).
Chained = tuple[Meeting, floor.FloorState, Tip]
Mark = tuple[dict[int, Chained], int]


class _Group(threading.local):
    chained: dict[int, Chained] | None = None
    rows: list[FloorEvent] = []


_group = _Group()


@contextmanager
def grouped() -> Iterator[None]:
    """Around one transaction that runs several commands, each in a savepoint of its own; call
    `flush_group` before it commits."""
    _group.chained, _group.rows = {}, []
    try:
        yield
    finally:
        _group.chained, _group.rows = None, []


def flush_group() -> None:
    """Insert the group's events (one statement), inside its transaction."""
    if _group.rows:
        FloorEvent.objects.bulk_create(_group.rows)
        _group.rows = []


def group_mark() -> Mark:
    """Where the group stands before a command, to go back to if the command's savepoint is rolled
    back (with it go the lock it took and the events it appended)."""
    return dict(_group.chained or {}), len(_group.rows)


def group_reset(mark: Mark) -> None:
    if _group.chained is not None:
        _group.chained.clear()
        _group.chained.update(mark[0])
        del _group.rows[mark[1] :]


def _chained(meeting_pk: int) -> Chained | None:
    return _group.chained.get(meeting_pk) if _group.chained is not None else None


def _state_and_tip(meeting: Meeting) -> tuple[floor.FloorState, Tip]:
    with _states_lock:
        cached, tip = _states.get(meeting.pk, _EMPTY)
    rows = list(FloorEvent.objects.filter(meeting=meeting, seq__gte=cached.seq).order_by("seq"))
    if cached.seq and (not rows or rows[0].seq != cached.seq or rows[0].hash != tip[0]):
        cached, tip = _EMPTY
        rows = list(FloorEvent.objects.filter(meeting=meeting).order_by("seq"))
    newer = [row for row in rows if row.seq > cached.seq]
    if not newer:
        return cached, tip
    state = floor.fold([row.as_event() for row in newer], cached)
    tip = (newer[-1].hash, newer[-1].at)
    _remember(meeting.pk, state, tip)
    return state, tip


def _remember(meeting_pk: int, state: floor.FloorState, tip: Tip) -> None:
    with _states_lock:
        known = _states.get(meeting_pk)
        if known is None or known[0].seq < state.seq:
            _states[meeting_pk] = (state, tip)


def forget_cache() -> None:
    """Drop the per-process cache (tests that reset the database use it)."""
    with _states_lock:
        _states.clear()
        _published.clear()


def execute(
    meeting: Meeting,
    decision: Decision,
    *,
    actor: str,
    expected_seq: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Run one command against the floor of `meeting`, atomically."""
    with transaction.atomic(savepoint=_group.chained is None):
        chained = _chained(meeting.pk)
        if chained is not None:
            locked, state, tip = chained  # locked by this transaction's earlier command
        elif connection.features.has_select_for_update:
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            state, tip = _state_and_tip(locked)
        else:
            locked = meeting  # SQLite: the transaction (BEGIN IMMEDIATE) already holds the lock
            state, tip = _state_and_tip(locked)
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
            state, rows, tip = _append(locked, state, tip, settled, actor="clock", now=moment)
            appended += rows
        new = decision(state, moment)
        state, rows, tip = _append(locked, state, tip, new, actor=actor, now=moment)
        appended += rows
        final = state
        if appended:
            if _group.chained is None:
                transaction.on_commit(lambda: _committed(locked, final, tip))
            else:
                _chain(locked, final, tip)
    return Outcome(state=final, events=appended)


def _chain(meeting: Meeting, state: floor.FloorState, tip: Tip) -> None:
    group = _group.chained
    assert group is not None
    if meeting.pk not in group:  # the group's last state of the meeting is published at commit
        transaction.on_commit(lambda: _committed(*group[meeting.pk]))
    group[meeting.pk] = (meeting, state, tip)


def _committed(meeting: Meeting, state: floor.FloorState, tip: Tip) -> None:
    from hemicycle.proceedings import broadcast, timekeeper

    _remember(meeting.pk, state, tip)
    head = broadcast.publish(meeting, state)
    with _states_lock:
        _published[meeting.pk] = (state.seq, head)
    timekeeper.watch(meeting, state)


def _append(
    meeting: Meeting,
    state: floor.FloorState,
    tip: Tip,
    new: list[NewEvent],
    *,
    actor: str,
    now: datetime,
) -> tuple[floor.FloorState, list[FloorEvent], Tip]:
    """Append `new` after the log's last event (`tip`: its hash and time, read under the lock)."""
    if not new:
        return state, [], tip
    prev_hash, not_before = tip
    command = state.seq + 1
    rows = []
    for offset, event in enumerate(new):
        seq = state.seq + 1 + offset
        at = (event.at or now).astimezone(UTC)
        if not_before is not None and at < not_before:
            at = not_before  # the log's time never runs backwards, whatever a worker's clock says
        payload = dict(event.payload)
        digest = event_hash(prev_hash, seq, event.type, payload, at, actor, command)
        rows.append(
            FloorEvent(
                meeting=meeting,
                seq=seq,
                type=str(event.type),
                payload=payload,
                at=at,
                actor=actor,
                command=command,
                prev_hash=prev_hash,
                hash=digest,
            )
        )
        prev_hash, not_before = digest, at
    if _group.chained is not None:
        _group.rows.extend(rows)  # inserted with the rest of the group (flush_group)
    else:
        FloorEvent.objects.bulk_create(rows)
    return floor.fold([row.as_event() for row in rows], state), rows, (prev_hash, not_before)


def configure(meeting: Meeting, *, actor: str = "system", now: datetime | None = None) -> Outcome:
    """Record the meeting's programme and rules in its log, so the floor follows them."""
    config = meeting.floor_config()
    return execute(
        meeting,
        lambda state, moment: [NewEvent(EventType.MEETING_CONFIGURED, config)],
        actor=actor,
        now=now,
    )
