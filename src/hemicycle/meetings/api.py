"""`/api/v1/meetings`: meetings and their programme."""

from datetime import date, time

from django.http import HttpRequest
from ninja import Router, Schema

from hemicycle.meetings.models import Meeting, meeting_or_404

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    slug: str
    title: str
    short_title: str
    body: str
    convener: str
    date: date
    starts: time
    ends: time
    venue: str
    location: str
    timezone: str
    status: str
    policy: str
    overrun: str


class Speaker(Schema):
    name: str
    title: str = ""
    organisation: str = ""
    role: str = ""


class SegmentOut(Schema):
    key: str
    kind: str
    title: str
    starts: time
    ends: time
    chair: str
    moderator: str
    themes: list[str]
    speakers: list[Speaker]
    note: str


class DocumentOut(Schema):
    symbol: str
    title: str
    date: date | None
    kind: str
    advance_copy: bool
    url: str


class MeetingDetail(MeetingOut):
    languages: list[str]
    limits: dict[str, int]
    background: str
    purposes: str
    expected_outcomes: str
    segments: list[SegmentOut]
    documents: list[DocumentOut]


@router.get("", response=list[MeetingOut], summary="Meetings")
def meetings(request: HttpRequest) -> list[Meeting]:
    return list(Meeting.objects.all())


@router.get("/{slug}", response=MeetingDetail, summary="A meeting with its programme")
def meeting(request: HttpRequest, slug: str) -> dict[str, object]:
    found = meeting_or_404(slug)
    return {
        **MeetingOut.from_orm(found).dict(),
        "languages": found.languages,
        "limits": found.limits,
        "background": found.background,
        "purposes": found.purposes,
        "expected_outcomes": found.expected_outcomes,
        "segments": list(found.segments.all()),
        "documents": list(found.documents.all()),
    }
