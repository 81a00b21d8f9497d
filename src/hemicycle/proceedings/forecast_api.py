"""`GET /api/v1/meetings/{slug}/forecast`: each waiting speaker's expected start and chance of being
heard before their segment ends; for a signed-in delegation, its own place."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.accounts.auth import caller
from hemicycle.apikit import NO_MEETING
from hemicycle.delegations.models import names as delegation_names
from hemicycle.floor import forecast
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import store

router = Router(tags=["floor"])


class ForecastEntry(Schema):
    entry: int
    position: int
    delegation: str
    delegation_name: str
    speaker: str
    kind: str
    segment: str
    expected_start: datetime
    early_start: datetime = Field(description="10th percentile of the start")
    late_start: datetime = Field(description="90th percentile of the start")
    chance_heard: float = Field(description="of being given the floor before its segment ends")
    yours: bool


class BasisOut(Schema):
    observed: int = Field(description="finished speeches the forecast has learned from")
    ratio_mean: float = Field(description="expected duration as a share of the limit")
    gap_s: float = Field(description="expected changeover between speakers")


class ForecastOut(Schema):
    seq: int
    server_time: datetime
    timezone: str
    simulations: int
    segment_ends_at: datetime | None
    basis: BasisOut
    entries: list[ForecastEntry]


def windows_of(meeting: Meeting) -> list[forecast.PlannedSlot]:
    return [
        forecast.PlannedSlot(
            key=s.key,
            takes_floor=s.kind in floor.state.FLOOR_KINDS,
            starts=s.starts,
            ends=s.ends,
        )
        for s in meeting.segments.all()
    ]


def forecast_of(
    meeting: Meeting,
    state: floor.FloorState,
    now: datetime,
    *,
    simulations: int = forecast.SIMULATIONS,
) -> forecast.Forecast:
    """The meeting's forecast now; seeded by the floor's seq, so one state gives one answer."""
    return forecast.forecast(
        state,
        windows_of(meeting),
        now,
        meeting_date=meeting.date,
        tz=meeting.tz,
        simulations=simulations,
        seed=state.seq,
    )


def forecast_json(
    meeting: Meeting, state: floor.FloorState, now: datetime, mine: set[str]
) -> dict[str, Any]:
    result = forecast_of(meeting, state, now)
    local = delegation_names()  # CLDR's, in the reader's language
    entries = []
    for item in result.entries:
        entry = state.entries[item.entry]
        entries.append(
            {
                "entry": item.entry,
                "position": item.position,
                "delegation": entry.delegation,
                "delegation_name": local.get(entry.delegation) or entry.delegation_name,
                "speaker": entry.speaker,
                "kind": entry.speech_kind,
                "segment": item.segment,
                "expected_start": item.expected_start,
                "early_start": item.early_start,
                "late_start": item.late_start,
                "chance_heard": item.chance_heard,
                "yours": entry.delegation in mine,
            }
        )
    return {
        "seq": state.seq,
        "server_time": now,
        "timezone": meeting.timezone,
        "simulations": result.simulations,
        "segment_ends_at": result.segment_ends_at,
        "basis": {
            "observed": result.basis.observed,
            "ratio_mean": round(result.basis.ratio_mean, 4),
            "gap_s": round(result.basis.gap_s, 2),
        },
        "entries": entries,
    }


@router.get(
    "/{slug}/forecast",
    response={200: ForecastOut, **NO_MEETING},
    summary="When each waiting speaker is expected to speak, and their chance of being heard",
)
def meeting_forecast(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    state = store.state_of(meeting)
    return forecast_json(meeting, state, timezone.now(), roles.delegations_of(request.user))
