"""Ends a speech at its limit under the `hard` overrun policy, without waiting for a command.

After each change, if the floor runs a speech under `hard`, a timer is set on the server's event
loop for the instant the limit is reached; it then calls `settle` (store.py: an empty command,
whose settling step appends the end of the speech dated at the limit). Several workers may each
set the timer (the one that handled the command, and every one at start): the meeting lock makes
the second find nothing left to do (tests/live/test_workers.py).
"""

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from asgiref.sync import sync_to_async
from django.utils import timezone

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
    speech = state.speech
    remaining = speech.remaining(timezone.now()) if speech and speech.running else None
    due = state.config.overrun == "hard" and remaining is not None
    loop.call_soon_threadsafe(_reset, meeting, remaining if due else None, settle)


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
