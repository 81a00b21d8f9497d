"""The facts a meeting's floor log is made of.

The log records decisions, not inputs to be judged again: an event that changes the order of the list
says where the entry now stands (`after`: the entry it follows; `position`; or, for a carry-over, the
whole `order`) and the sort key that put it there, and a request records the segment it was put in.
The fold applies these; only the commands compute them. So a later change to the precedence rules
never rewrites a past order. `FORMAT` is the version of this vocabulary; the `meeting_configured`
event carries it with the version of the rules (`precedence.RULES`) the commands decided under.

An `Event` is what the log holds: its position (`seq`), type, JSON payload, the server's UTC time and
who caused it. A `NewEvent` is what a command decides to append; the store gives it seq, time and actor.
`command` is the seq of the first event appended by the same command, so that undo can take a whole
command back.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    MEETING_CONFIGURED = "meeting_configured"
    LIST_OPENED = "list_opened"
    LIST_CLOSED = "list_closed"
    SPEAKER_INSCRIBED = "speaker_inscribed"
    SPEAKER_UPDATED = "speaker_updated"
    SPEAKER_WITHDRAWN = "speaker_withdrawn"
    SPEAKER_MOVED = "speaker_moved"
    SEGMENT_STARTED = "segment_started"
    SEGMENT_ENDED = "segment_ended"
    SPEECH_STARTED = "speech_started"
    SPEECH_PAUSED = "speech_paused"
    SPEECH_RESUMED = "speech_resumed"
    SPEECH_ENDED = "speech_ended"
    TIME_ADDED = "time_added"
    POINT_OF_ORDER_RAISED = "point_of_order_raised"
    PANEL_ROUND_STARTED = "panel_round_started"
    PANEL_CADENCE_SET = "panel_cadence_set"
    SPEAKERS_CARRIED = "speakers_carried"
    DECLARATION_CONFIRMED = "declaration_confirmed"
    WINDOW_SET = "window_set"
    UNDONE = "undone"


FORMAT = 2  # 1: placement, carry-over and a reply's segment were worked out by the fold


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    payload: Mapping[str, Any]
    at: datetime
    actor: str = ""  # an opaque reference (`role[:delegation]#account`, or `clock`): never a name
    command: int = 0

    @property
    def starts_command(self) -> bool:
        return self.command in (0, self.seq)


@dataclass(frozen=True)
class NewEvent:
    type: EventType
    payload: Mapping[str, Any] = field(default_factory=dict)
    at: datetime | None = None  # None: the time of the command; set only for facts in the past
