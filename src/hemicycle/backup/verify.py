"""Whether a floor log's hash chain holds: the log in an export, before it is restored, and the log
stored for a meeting (`hemicycle verify`)."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from hemicycle.backup.format import ArchiveError
from hemicycle.floor import chain
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.models import FloorEvent


def check_chain(events: list[dict[str, Any]]) -> chain.Break | None:
    """The first broken link of an export's log, or None; an ArchiveError if an event is
    malformed."""
    try:
        return chain.first_break(_rows(events))
    except (KeyError, TypeError, ValueError) as bad:
        raise ArchiveError(f"An event of the log is malformed ({bad!r}).") from None


def _rows(events: Iterable[dict[str, Any]]) -> Iterator[chain.Row]:
    for e in events:
        yield (
            e["seq"],
            e["type"],
            e["payload"],
            _when(e["at"]),
            e["actor"],
            e["command"],
            e["prev_hash"],
            e["hash"],
        )


def _when(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise ArchiveError(f"an event's time “{value}” is not an ISO 8601 time with its offset.")
    return moment


def verify(meeting: Meeting) -> tuple[int, str, chain.Break | None]:
    """(number of events, last hash, first break or None) of the stored log of `meeting`."""
    rows = list(
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("seq")
        .values_list("seq", "type", "payload", "at", "actor", "command", "prev_hash", "hash")
    )
    last = rows[-1][7] if rows else chain.GENESIS
    return len(rows), last, chain.first_break(rows)
