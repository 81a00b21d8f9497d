"""Signed checkpoints of a meeting's log: its head (seq, hash) signed by the server at a time.

A checkpoint is made when the list is published (its page, PDF, CSV, the feed) and the head has
moved since the last one, at most once every HEMICYCLE_CHECKPOINT_EVERY_S seconds per meeting; and
when the meeting concludes (its programme's last segment ends: meetings/lifecycle.py). A
delegation that keeps one can later show that the log was cut short, rolled back or rewritten
(`hemicycle verify`, backup/verify_receipt.py, docs/receipts.md).
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from hemicycle import floor
from hemicycle.floor.chain import canonical_time
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import signing, writer
from hemicycle.proceedings.models import Checkpoint, FloorEvent


def latest(meeting: Meeting) -> Checkpoint | None:
    return Checkpoint.objects.filter(meeting=meeting).order_by("-seq").first()


def _head(meeting: Meeting) -> tuple[int, str] | None:
    """The seq and hash of the log's last event, or None for an empty log."""
    return (
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )


def _signed(meeting: Meeting, seq: int, digest: str, reason: str, now: datetime) -> Checkpoint:
    signature = signing.sign(signing.CHECKPOINT, meeting.slug, seq, digest, now)
    return Checkpoint(
        meeting=meeting,
        seq=seq,
        hash=digest,
        at=now,
        key_id=signature.key_id,
        signature=signature.value,
        reason=reason,
    )


def for_publication(meeting: Meeting, now: datetime | None = None) -> Checkpoint | None:
    """The checkpoint to publish with the list now: the latest, if it is of the head or recent;
    otherwise one of the head, signed now and stored by the writer (a page view waits for no
    lock). None while the log is empty."""
    head = _head(meeting)
    if head is None:
        return None
    moment = now or timezone.now()
    found = latest(meeting)
    every = timedelta(seconds=settings.HEMICYCLE_CHECKPOINT_EVERY_S)
    if found is not None and (found.seq >= head[0] or moment - found.at < every):
        return found
    made = _signed(meeting, *head, Checkpoint.Reason.PUBLISHED, moment)
    writer.later(lambda: Checkpoint.objects.bulk_create([made], ignore_conflicts=True))
    return made


def concluded(state: floor.FloorState) -> bool:
    """Whether the floor has concluded: the programme's last segment has ended."""
    segments = state.config.segments
    return bool(segments) and not state.segment and segments[-1].key in state.segments_done


def at_conclusion(meeting: Meeting) -> Checkpoint | None:
    """A checkpoint of the head, unless it has one already (None while the log is empty). Called
    once the command that ended the last segment is committed."""
    head = _head(meeting)
    if head is None:
        return None
    found = latest(meeting)
    if found is not None and found.seq >= head[0]:
        return found
    made = _signed(meeting, *head, Checkpoint.Reason.CONCLUDED, timezone.now())
    Checkpoint.objects.bulk_create([made], ignore_conflicts=True)
    return made


def as_json(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as published: what a delegation keeps, and `hemicycle verify --checkpoint`
    and backup/verify_receipt.py read (the reason is not signed)."""
    return {
        "meeting": checkpoint.meeting.slug,
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "at": canonical_time(checkpoint.at),
        "key_id": checkpoint.key_id,
        "algorithm": signing.ALGORITHM,
        "signature": checkpoint.signature,
        "reason": checkpoint.reason,
    }
