"""`/api/v1/meetings/{slug}/record`: the speeches given, with start, end, duration and overrun."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from hemicycle.accounts.auth import caller
from hemicycle.apikit import NO_MEETING
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import store
from hemicycle.proceedings.api import SpeakerOut
from hemicycle.records.record import speeches, totals

router = Router(tags=["record"])


class SpeechRecord(SpeakerOut):
    speech: int
    segment: str
    ended_at: datetime
    duration_s: float
    overrun_s: float


class Totals(Schema):
    speeches: int
    duration_s: float
    overrun_s: float
    overruns: int


class RecordOut(Schema):
    seq: int
    server_time: datetime
    speeches: list[SpeechRecord]
    totals: Totals


@router.get(
    "/{slug}/record",
    response={200: RecordOut, **NO_MEETING},
    summary="The record of finished speeches",
)
def record(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    state = store.state_of(meeting)
    rows = speeches(state)
    return {
        "seq": state.seq,
        "server_time": timezone.now(),
        "speeches": rows,
        "totals": totals(rows),
    }
