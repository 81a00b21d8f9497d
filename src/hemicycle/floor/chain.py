"""The log's hash chain: a command's events stamped (seq, command, time, hash) as the store appends
them, and a stored log checked link by link."""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hemicycle.floor.events import Event, NewEvent

GENESIS = "0" * 64


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


# The sha256 of a canonical JSON form of the event and the previous event's hash: a receipt (seq,
# time received, hash) proves both the request and its place in the order.
def event_hash(
    prev_hash: str,
    seq: int,
    type_: str,
    payload: Mapping[str, Any],
    at: datetime,
    actor: str,
    command: int,
) -> str:
    body = {
        "prev": prev_hash,
        "seq": seq,
        "type": type_,
        "payload": payload,
        "at": canonical_time(at),
        "actor": actor,
        "command": command,
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


Row = tuple[int, str, Mapping[str, Any], datetime, str, int, str, str]


@dataclass(frozen=True, kw_only=True)
class StampedEvent(Event):
    """An event as the log keeps it: numbered, dated, and linked to the event before it."""

    prev_hash: str
    hash: str

    @property
    def row(self) -> Row:
        """(seq, type, payload, at, actor, command, prev_hash, hash), as `first_break` reads it."""
        return (
            self.seq,
            self.type,
            self.payload,
            self.at,
            self.actor,
            self.command,
            self.prev_hash,
            self.hash,
        )


def stamp(
    prev_hash: str,
    prev_at: datetime | None,
    first_seq: int,
    new_events: Sequence[NewEvent],
    actor: str,
    now: datetime,
) -> list[StampedEvent]:
    """The events one command decided, as the log appends them after the event whose hash and time
    are `prev_hash` and `prev_at` (GENESIS and None for an empty log).

    They are numbered from `first_seq`, which each carries as its `command`; dated `now` unless an
    event names its own instant; and chained by hash.
    """
    stamped = []
    for offset, new in enumerate(new_events):
        seq = first_seq + offset
        at = (new.at or now).astimezone(UTC)
        if prev_at is not None and at < prev_at:
            at = prev_at  # the log's time never runs backwards, whatever a worker's clock says
        payload = dict(new.payload)
        digest = event_hash(prev_hash, seq, str(new.type), payload, at, actor, first_seq)
        stamped.append(
            StampedEvent(
                seq=seq,
                type=str(new.type),
                payload=payload,
                at=at,
                actor=actor,
                command=first_seq,
                prev_hash=prev_hash,
                hash=digest,
            )
        )
        prev_hash, prev_at = digest, at
    return stamped


@dataclass(frozen=True)
class Break:
    """The first link of a log that does not hold: its seq and what differs."""

    seq: int
    field: str  # "prev_hash" (it does not name the event before) or "hash" (the event was changed)
    stored: str
    expected: str

    def describe(self) -> str:
        if self.field == "prev_hash":
            return (
                f"event {self.seq}: its prev_hash {self.stored[:16]}… does not match the hash of "
                f"the event before it ({self.expected[:16]}…): an event before it was removed, "
                f"inserted or reordered"
            )
        return (
            f"event {self.seq}: its content (type, payload, time, actor or command) hashes to "
            f"{self.expected[:16]}…, not to its stored hash {self.stored[:16]}…: it was changed"
        )


def first_break(rows: Iterable[Row]) -> Break | None:
    """The first event whose stored hashes do not match, with what differs, or None if the chain
    holds. Each row is (seq, type, payload, at, actor, command, prev_hash, hash)."""
    prev = GENESIS
    for seq, type_, payload, at, actor, command, prev_hash, stored in rows:
        if prev_hash != prev:
            return Break(seq, "prev_hash", prev_hash, prev)
        computed = event_hash(prev, seq, type_, payload, at, actor, command)
        if computed != stored:
            return Break(seq, "hash", stored, computed)
        prev = stored
    return None
