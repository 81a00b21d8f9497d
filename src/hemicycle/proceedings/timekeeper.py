"""Does what the clock alone decides, without waiting for a command: ends a speech at its limit
under the `hard` overrun policy, opens and closes the list at the inscription window's times.

After each change, if the floor has something due (`floor.commands.next_settle`), a timer is set on
the server's event loop for that instant; it then calls `settle` (store.py: an empty command, whose
settling step appends what is due, dated at its instant). Several workers may each
set the timer (the one that handled the command, and every one at start): the meeting lock makes
the second find nothing left to do (tests/live/test_workers.py).
"""

import asyncio
import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING

from asgiref.sync import sync_to_async
from django.utils import timezone

from hemicycle.floor.commands import next_settle

if TYPE_CHECKING:
    from hemicycle import floor
    from hemicycle.meetings.models import Meeting

_timers: dict[int, asyncio.TimerHandle] = {}
_running: set[asyncio.Future[None]] = set()  # the loop keeps only weak references to tasks
loop: asyncio.AbstractEventLoop | None = None


Settle = Callable[["Meeting"], object]


def watch(meeting: "Meeting", state: "floor.FloorState", settle: Settle) -> None:
    """Set (or clear) the timer of `meeting` after a change of its floor; safe from any thread."""
    if loop is None or loop.is_closed():
        return
    now = timezone.now()
    due = next_settle(state, now)
    remaining = (due - now).total_seconds() if due is not None else None
    # In a context of its own: the caller's (a thread inside `sync_to_async`, at the server's start)
    # would make the timer's own `sync_to_async` refuse to run ("would deadlock").
    loop.call_soon_threadsafe(_reset, meeting, remaining, settle, context=contextvars.Context())


def _reset(meeting: "Meeting", remaining: float | None, settle: Settle) -> None:
    previous = _timers.pop(meeting.pk, None)
    if previous is not None:
        previous.cancel()
    if remaining is not None and loop is not None:
        _timers[meeting.pk] = loop.call_later(max(0.0, remaining) + 0.02, _fire, meeting, settle)


def _fire(meeting: "Meeting", settle: Settle) -> None:
    _timers.pop(meeting.pk, None)
    task = asyncio.ensure_future(sync_to_async(settle)(meeting))
    _running.add(task)
    task.add_done_callback(_running.discard)
