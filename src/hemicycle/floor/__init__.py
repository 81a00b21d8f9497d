"""The rules of a meeting, in plain Python: the floor's events, its state and the decisions of the chair.

Nothing here imports Django or any other part of Hemicycle; every app calls these functions and none
re-implements them.
"""

from hemicycle.floor.commands import ACTIONS, decide, inscribe, settle
from hemicycle.floor.errors import FloorError
from hemicycle.floor.events import Event, EventType, NewEvent
from hemicycle.floor.state import Entry, FloorState, Speech, Status, fold

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
    "decide",
    "fold",
    "inscribe",
    "settle",
]
