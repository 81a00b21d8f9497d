"""`/api/v1/meetings/{slug}/statements` (as delivered, as the caller may see them) and
`/api/v1/meetings/{slug}/statistics` (participation, counted from the record)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hemicycle.accounts import roles
from hemicycle.accounts.auth import AUTH, BearerToken, caller
from hemicycle.apikit import ERRORS, NO_MEETING, Input, refusals
from hemicycle.meetings.models import meeting_or_404
from hemicycle.outcome import publication, search, statistics, summary

router = Router(tags=["outcome"])
search_router = Router(tags=["outcome"])


def anyone(request: HttpRequest) -> Any:
    """No token: the caller is whoever the session says (the public, without one)."""
    return request.user


READERS = [BearerToken(), anyone]


class StatementVersionOut(Schema):
    id: int
    language: str
    format: str
    url: str
    status: str
    withheld_reason: str


class DeliveredStatementOut(Schema):
    entry: int
    number: int | None
    delegation: str
    delegation_name: str
    on_behalf_of: str
    delivered_at: datetime | None
    versions: list[StatementVersionOut]


class RegionalGroupFiguresOut(Schema):
    group: str
    member_states: int
    states_covered: int
    speeches: int
    seconds: float


class CategoryFiguresOut(Schema):
    category: str
    speakers: int
    speeches: int
    seconds: float
    overruns: int
    overrun_s: float


class ParticipationOut(Schema):
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
    by_group: list[RegionalGroupFiguresOut]
    by_category: list[CategoryFiguresOut]


@router.get(
    "/{slug}/statements",
    response={200: list[DeliveredStatementOut], **NO_MEETING},
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
    response={200: ParticipationOut, **NO_MEETING},
    summary="Participation, counted from the record: Member States, States covered by group "
    "statements, observers, organisations, civil society, floor time, overruns",
)
def participation(request: HttpRequest, slug: str) -> dict[str, Any]:
    return statistics.of_meeting(meeting_or_404(slug, caller(request))).as_json()


class StatementSearchIn(Schema):
    q: str = Field(description="Plain words, all of which must occur (no operators)")
    meeting: str = Field(default="", max_length=60, description="A meeting's short name")
    delegation: str = Field(default="", max_length=20, description="A delegation's code")
    regional_group: str = Field(default="", max_length=20)
    group_statement: bool | None = None
    theme: str = Field(default="", max_length=300)
    language: str = Field(default="", max_length=10)
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=10_000)


class StatementHitOut(Schema):
    meeting: str
    entry: int
    number: int | None
    delegation: str
    delegation_name: str
    on_behalf_of: str
    regional_group: str
    language: str
    delivered_at: datetime | None
    snippet: str
    url: str


class StatementSearchOut(Schema):
    total: int = Field(description="How many were found, counted up to 1,000")
    more_than_total: bool = Field(description="More than `total` were found")
    results: list[StatementHitOut]


@search_router.get(
    "/search",
    response={200: StatementSearchOut, **refusals(422)},
    auth=READERS,
    summary="Search the statements as delivered across meetings (only those the caller may read)",
)
def search_statements(request: HttpRequest, params: Query[StatementSearchIn]) -> dict[str, Any]:
    filters = search.Filters(
        meeting=params.meeting,
        delegation=params.delegation,
        regional_group=params.regional_group,
        group_statement=params.group_statement,
        theme=params.theme,
        language=params.language,
    )
    total, hits = search.search(
        request.auth, params.q, filters, limit=params.limit, offset=params.offset
    )
    return {
        "total": min(total, search.COUNT_UP_TO),
        "more_than_total": total > search.COUNT_UP_TO,
        "results": [
            {
                "meeting": hit.row.meeting.slug,
                "entry": hit.row.entry,
                "number": hit.row.speech_number,
                "delegation": hit.row.delegation,
                "delegation_name": hit.row.delegation_name,
                "on_behalf_of": hit.row.on_behalf_of,
                "regional_group": hit.row.regional_group,
                "language": hit.row.language,
                "delivered_at": hit.delivered_at,
                "snippet": hit.snippet,
                "url": f"/meetings/{hit.row.meeting.slug}/statements/{hit.row.pk}/file",
            }
            for hit in hits
        ],
    }


class SpeechThemeIn(Input):
    theme: str = Field(max_length=300)
    quote: str = Field(default="", max_length=600)


class SpeechThemesIn(Input):
    themes: list[SpeechThemeIn] = Field(default_factory=list, max_length=20)


class SpeechThemesOut(Schema):
    entry: int
    themes: list[SpeechThemeIn]


@router.put(
    "/{slug}/speeches/{entry}/themes",
    response={200: SpeechThemesOut, **ERRORS},
    auth=AUTH,
    summary="The themes a speech of the record raised, each with a quote from its statement "
    "(the secretariat; replaces earlier ones)",
)
def tag_speech(request: HttpRequest, slug: str, entry: int, body: SpeechThemesIn) -> dict[str, Any]:
    meeting = meeting_or_404(slug, request.auth)
    if not roles.can_edit_outcome(request.auth, meeting):
        raise PermissionDenied(_("Only the secretariat tags the speeches with their themes."))
    kept = summary.tag(
        meeting, entry, {t.theme: t.quote for t in body.themes}, roles.actor_of(request.auth)
    )
    return {"entry": entry, "themes": [{"theme": t.theme, "quote": t.quote} for t in kept]}
