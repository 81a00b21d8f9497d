"""The rules of a meeting, in plain Python: the floor's events, its state and the decisions of the chair.

Nothing here imports Django or any other part of Hemicycle; every app calls these functions and none
re-implements them.
"""

from hemicycle.floor.commands import ACTIONS, decide, inscribe, settle
from hemicycle.floor.errors import FloorError
from hemicycle.floor.events import Event, EventType, NewEvent
from hemicycle.floor.fold import fold
from hemicycle.floor.index import active_entry_of
from hemicycle.floor.state import Entry, FloorState, Speech, Status

__all__ = [
    "ACTIONS",
    "Entry",
    "Event",
    "EventType",
    "FloorError",
    "FloorState",
    "NewEvent",
    "Speech",
    "Status",
    "active_entry_of",
    "decide",
    "fold",
    "inscribe",
    "settle",
]
