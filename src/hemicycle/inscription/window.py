"""The one rule of when a delegation may inscribe.

The window (opens_at ≤ now < closes_at, in the meeting's time zone) decides when focal points may
inscribe; the floor's `list_open` flag is the secretariat's and the chair's switch inside it. The
window is in the floor's log (`window_set`, by `set_window`); at its opening the list opens by
itself and at its closing it closes (`list_opened`/`list_closed` marked `by: window`, dated at that
instant: `floor.settle`), unless somebody opened or closed the list by hand since: closing the list
(`close_list`) is final until the secretariat or the chair reopens it. Before and after the window
a focal point is refused with the time it opens or closed. The secretariat inscribes at any time. A
meeting without a window follows the floor's flag alone.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from django.utils.translation import get_language, gettext_noop, to_locale

from hemicycle import floor
from hemicycle.floor.state import Window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store


class NotYetOpen(floor.FloorError):
    code = "window_not_open"


class WindowClosed(floor.FloorError):
    code = "window_closed"


def window_of(meeting: Meeting) -> Window | None:
    """The meeting's window, as its log last set it."""
    return store.state_of(meeting).window


def set_window(
    meeting: Meeting, opens: datetime | None, closes: datetime | None, *, actor: str
) -> store.Outcome:
    """Set when focal points may inscribe (None: no window), in the floor's log (the secretariat's;
    roles.can_manage_inscription)."""
    return store.execute(
        meeting,
        lambda state, now: floor.commands.set_window(state, now, opens_at=opens, closes_at=closes),
        actor=actor,
    )


def local_time(meeting: Meeting, moment: datetime, pattern: str = "d MMMM y, HH:mm") -> str:
    """`moment` in the meeting's time zone, worded in the reader's language."""
    locale = to_locale(get_language() or "en")
    try:
        return format_datetime(moment.astimezone(meeting.tz), pattern, locale=locale)
    except ValueError:
        return format_datetime(moment.astimezone(meeting.tz), pattern, locale="en")


@dataclass(frozen=True)
class WindowPhase:
    """Whether a focal point may inscribe now, and the sentence that says so."""

    phase: str  # none | before | open | closed | after
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def accepting(self) -> bool:
        return self.phase == "open"


def status(meeting: Meeting, state: floor.FloorState, now: datetime) -> WindowPhase:
    window = state.window
    if window is None:
        return WindowPhase("open" if state.list_open else "closed")
    opens, closes = window.opens_at, window.closes_at
    phase = window.phase(now)
    if phase == "open" and not state.list_open and window.opened:  # closed by hand since
        phase = "closed"
    return WindowPhase(phase, opens, closes)


def refusal(meeting: Meeting, found: WindowPhase) -> floor.FloorError:
    """The error a focal point gets outside the window, with the time in the meeting's city."""
    city = {"city": meeting.timezone_city}
    if found.phase == "before" and found.opens_at is not None:
        return NotYetOpen(
            gettext_noop("The list of speakers opens on {when} ({city} time)."),
            when=local_time(meeting, found.opens_at),
            **city,
        )
    if found.phase == "after" and found.closes_at is not None:
        return WindowClosed(
            gettext_noop("The list of speakers closed on {when} ({city} time)."),
            when=local_time(meeting, found.closes_at),
            **city,
        )
    return floor.errors.ListClosed(gettext_noop("The list of speakers is closed."))


def describe(meeting: Meeting, found: WindowPhase) -> dict[str, Any]:
    """The window's phase and its times in the meeting's time zone, for pages."""
    return {
        "phase": found.phase,
        "accepting": found.accepting,
        "opens": local_time(meeting, found.opens_at) if found.opens_at else "",
        "closes": local_time(meeting, found.closes_at) if found.closes_at else "",
        "city": meeting.timezone_city,
    }


def check_open(meeting: Meeting, state: floor.FloorState, now: datetime) -> None:
    """A focal point's request or change to one, on the floor as `settle` left it at `now`:
    refused outside the window or on a closed list."""
    found = status(meeting, state, now)
    if not found.accepting:
        raise refusal(meeting, found)
