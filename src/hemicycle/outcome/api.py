"""`/api/v1/meetings/{slug}/statements` (as delivered, as the caller may see them) and
`/api/v1/meetings/{slug}/statistics` (participation, counted from the record)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hemicycle.accounts.auth import BearerToken, caller
from hemicycle.apikit import NO_MEETING
from hemicycle.meetings.models import meeting_or_404
from hemicycle.outcome import publication, statistics

router = Router(tags=["outcome"])


def anyone(request: HttpRequest) -> Any:
    """No token: the caller is whoever the session says (the public, without one)."""
    return request.user


READERS = [BearerToken(), anyone]


class VersionOut(Schema):
    id: int
    language: str
    format: str
    url: str
    status: str
    withheld_reason: str


class StatementItemOut(Schema):
    entry: int
    number: int | None
    delegation: str
    delegation_name: str
    on_behalf_of: str
    delivered_at: datetime | None
    versions: list[VersionOut]


class GroupOut(Schema):
    group: str
    member_states: int
    states_covered: int
    speeches: int
    seconds: float


class CategoryOut(Schema):
    category: str
    speakers: int
    speeches: int
    seconds: float
    overruns: int
    overrun_s: float


class StatisticsOut(Schema):
    member_states: int
    states_covered: int
    observer_states: int
    organisations: int
    un_entities: int
    civil_society: int
    speeches: int
    seconds: float
    overruns: int
    overrun_s: float
    inscribed: int
    withdrawn: int
    heard: int
    share_heard: float | None
    by_group: list[GroupOut]
    by_category: list[CategoryOut]


@router.get(
    "/{slug}/statements",
    response={200: list[StatementItemOut], **NO_MEETING},
    auth=READERS,
    summary="The statements as delivered, in speaking order (unpublished ones only to those "
    "entitled: the secretariat, the chair, the delegation itself)",
)
def statements(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    meeting = meeting_or_404(slug, request.auth)
    items = publication.in_order(meeting, request.auth)
    for item in items:
        item["versions"] = [
            {
                "id": row.pk,
                "language": row.language,
                "format": row.statement.kind,
                "url": f"/meetings/{meeting.slug}/statements/{row.pk}/file",
                "status": publication.status(row),
                "withheld_reason": row.withheld_reason,
            }
            for row in item["versions"]
        ]
    return items


@router.get(
    "/{slug}/statistics",
    response={200: StatisticsOut, **NO_MEETING},
    summary="Participation, counted from the record: Member States, States covered by group "
    "statements, observers, organisations, civil society, floor time, overruns",
)
def participation(request: HttpRequest, slug: str) -> dict[str, Any]:
    return statistics.of_meeting(meeting_or_404(slug, caller(request))).as_json()
