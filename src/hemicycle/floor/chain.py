"""The hash chain that makes the log tamper-evident.

Each event's hash is the sha256 of a canonical JSON form of the event and the previous event's hash,
so a receipt (seq, time received, hash) proves both the request and its place in the order.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


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


def first_broken_link(rows: Iterable[Row]) -> int | None:
    """The seq of the first event whose stored hashes do not match, or None if the chain holds.

    Each row is (seq, type, payload, at, actor, command, prev_hash, hash).
    """
    found = first_break(rows)
    return None if found is None else found.seq
