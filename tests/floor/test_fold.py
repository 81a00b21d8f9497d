"""The fold's table of events: every kind of event a log may hold has its function."""

from hemicycle.floor.events import EventType
from hemicycle.floor.fold import APPLY


def test_every_event_but_undone_has_its_function_in_the_fold():
    # `undone` takes a command back rather than applying anything of its own.
    assert set(APPLY) == set(EventType) - {EventType.UNDONE}
