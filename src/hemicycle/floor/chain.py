"""The hash chain that makes the log tamper-evident.

Each event's hash is the sha256 of a canonical JSON form of the event and the previous event's hash,
so a receipt (seq, time received, hash) proves both the request and its place in the order.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
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


def first_broken_link(
    rows: Iterable[tuple[int, str, Mapping[str, Any], datetime, str, int, str, str]],
) -> int | None:
    """The seq of the first event whose stored hashes do not match, or None if the chain holds.

    Each row is (seq, type, payload, at, actor, command, prev_hash, hash).
    """
    prev = GENESIS
    for seq, type_, payload, at, actor, command, prev_hash, stored in rows:
        if prev_hash != prev or event_hash(prev, seq, type_, payload, at, actor, command) != stored:
            return seq
        prev = stored
    return None
