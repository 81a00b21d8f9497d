"""Receipts of requests to speak: what a delegation is given (position, time received, seq, hash,
and the server's signature of the meeting, seq, hash and time), and the public check that a
receipt is genuine and stands in an unbroken log."""

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from hemicycle import floor
from hemicycle.floor.chain import canonical_time, first_break
from hemicycle.floor.events import EventType
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import signing
from hemicycle.proceedings.models import FloorEvent


@dataclass(frozen=True)
class Receipt:
    meeting: str  # the meeting's short name, which the signature covers
    seq: int
    received_at: datetime
    hash: str
    position: int | None
    delegation: str
    delegation_name: str
    verify_url: str
    key_id: str  # the published key (/api/v1/keys) whose signature this is
    signature: str  # base64: Ed25519 over signing.signed_bytes("receipt", meeting, seq, hash, time)


def verify_path(meeting: Meeting, seq: int, digest: str) -> str:
    return f"{_receipts_path(meeting.slug)}{int(seq)}/{digest}/"


@functools.lru_cache(maxsize=256)
def _receipts_path(slug: str) -> str:
    """The path of a meeting's receipts up to the seq, worked out once per meeting (a reverse per
    receipt was a twentieth of the writer's time in a rush); seq and hash need no quoting."""
    return reverse("inscription:receipt", args=[slug, 1, "h"]).removesuffix("1/h/")


def of_inscription(meeting: Meeting, row: FloorEvent, state: floor.FloorState) -> Receipt:
    """The receipt of the inscription event `row`, its position taken in `state`, signed."""
    signed = signing.sign(signing.RECEIPT, meeting.slug, row.seq, row.hash, row.at)
    return Receipt(
        meeting=meeting.slug,
        seq=row.seq,
        received_at=row.at,
        hash=row.hash,
        position=state.position(row.seq),
        delegation=str(row.payload.get("delegation", "")),
        delegation_name=str(row.payload.get("delegation_name", "")),
        verify_url=verify_path(meeting, row.seq, row.hash),
        key_id=signed.key_id,
        signature=signed.value,
    )


def as_json(receipt: Receipt) -> dict[str, Any]:
    return {
        "meeting": receipt.meeting,
        "seq": receipt.seq,
        "received_at": receipt.received_at,
        "hash": receipt.hash,
        "position": receipt.position,
        "verify_url": receipt.verify_url,
        "key_id": receipt.key_id,
        "signature": receipt.signature,
    }


def as_file(receipt: Receipt) -> str:
    """The receipt as a JSON file, its time as signed: what `hemicycle verify-receipt` and
    backup/verify_receipt.py read (the e-mail of a receipt carries it)."""
    return json.dumps(
        {**as_json(receipt), "received_at": canonical_time(receipt.received_at)}, indent=2
    )


@dataclass(frozen=True)
class Verification:
    """The answer to "is this receipt genuine?", and what the log says about the request now."""

    valid: bool
    reason: str  # ok | unknown_seq | not_a_request | hash_mismatch | broken_chain
    seq: int
    receipt: Receipt | None = None
    status_now: str = ""
    position_now: int | None = None


def verify(meeting: Meeting, seq: int, digest: str, now_state: floor.FloorState) -> Verification:
    """Check a receipt: the event at `seq` is a request to speak, its hash is `digest`, and every
    link of the chain from the first event up to it holds. Anyone may ask."""
    rows = list(FloorEvent.objects.filter(meeting=meeting, seq__lte=seq).order_by("seq"))
    row = rows[-1] if rows and rows[-1].seq == seq else None
    if row is None:
        return Verification(False, "unknown_seq", seq)
    if row.type != EventType.SPEAKER_INSCRIBED:
        return Verification(False, "not_a_request", seq)
    if row.hash != digest.strip().lower():
        return Verification(False, "hash_mismatch", seq)
    broken = first_break(
        (r.seq, r.type, r.payload, r.at, r.actor, r.command, r.prev_hash, r.hash) for r in rows
    )
    if broken is not None:
        return Verification(False, "broken_chain", seq)
    at_receipt = floor.fold(r.as_event() for r in rows)
    entry = now_state.entries.get(seq)
    return Verification(
        True,
        "ok",
        seq,
        receipt=of_inscription(meeting, row, at_receipt),
        status_now=entry.status.value if entry else "",
        position_now=now_state.position(seq),
    )
