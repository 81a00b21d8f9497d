"""`/api/v1/meetings`: meetings, their programme (and its published versions), documents and
announcements; and the secretariat's set-up of them (create, change, delete), checked by the
pages' own forms and rules (forms.py, programme.py, lifecycle.py), so that a script may do all
that the pages do."""

from datetime import date, datetime, time
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from hemicycle.accounts.auth import caller
from hemicycle.apikit import NO_MEETING
from hemicycle.meetings import programme
from hemicycle.meetings.models import Document, Meeting, meeting_or_404, visible_to

router = Router(tags=["meetings"])


# A time of day on the meeting's clock, without an offset ("10:00:00"): JSON Schema's `time` format
# (RFC 3339's full-time) would require one.
def _on_the_meetings_clock(moment: time) -> time:
    if moment.tzinfo is not None:
        raise PydanticCustomError(
            "local_time", "Give the time on the meeting's clock, without an offset (10:00:00)"
        )
    return moment


LocalTime = Annotated[
    time,
    AfterValidator(_on_the_meetings_clock),
    WithJsonSchema(
        {
            "type": "string",
            "format": "partial-time",
            "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$",
            "description": "a time of day in the meeting's time zone",
        }
    ),
]


class MeetingOut(Schema):
    slug: str
    title: str
    short_title: str
    body: str
    convener: str
    date: date
    starts: LocalTime
    ends: LocalTime
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
    starts: LocalTime
    ends: LocalTime
    chair: str
    moderator: str
    themes: list[str]
    speakers: list[Speaker]
    note: str


class DocumentFileOut(Schema):
    language: str
    name: str
    content_type: str
    size: int
    sha256: str
    url: str


class DocumentOut(Schema):
    id: int
    symbol: str
    title: str
    date: date | None
    kind: str
    advance_copy: bool
    url: str
    files: list[DocumentFileOut]


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    published_at: datetime


class ProgrammeVersionOut(Schema):
    number: int
    final: bool
    published_at: datetime
    changes: list[dict[str, Any]]
    segments: list[dict[str, Any]]


class MeetingDetail(MeetingOut):
    languages: list[str]
    limits: dict[str, int]
    background: str
    purposes: str
    expected_outcomes: str
    segments: list[SegmentOut]
    documents: list[DocumentOut]
    programme_status: str
    programme_version: int | None


@router.get("", response=list[MeetingOut], summary="Meetings")
def meetings(request: HttpRequest) -> list[Meeting]:
    return list(visible_to(caller(request)))


@router.get(
    "/{slug}", response={200: MeetingDetail, **NO_MEETING}, summary="A meeting with its programme"
)
def meeting(request: HttpRequest, slug: str) -> dict[str, object]:
    return meeting_detail(meeting_or_404(slug, caller(request)))


def meeting_detail(found: Meeting) -> dict[str, object]:
    last = programme.latest(found)
    return {
        **MeetingOut.from_orm(found).dict(),
        "languages": found.languages,
        "limits": found.limits,
        "background": found.background,
        "purposes": found.purposes,
        "expected_outcomes": found.expected_outcomes,
        "segments": list(found.segments.all()),
        "documents": _documents(found),
        "programme_status": "final" if last and last.final else "tentative",
        "programme_version": last.number if last else None,
    }


def _documents(meeting: Meeting) -> list[dict[str, Any]]:
    return [document_json(d) for d in meeting.documents.prefetch_related("files")]


def document_json(d: Document) -> dict[str, Any]:
    return {
        **{name: getattr(d, name) for name in ("id", "symbol", "title", "date", "kind", "advance_copy", "url")},
        "files": [
            {
                "language": f.language, "name": f.name, "content_type": f.content_type,
                "size": f.size, "sha256": f.sha256, "url": f.get_absolute_url(),
            }
            for f in d.files.all()
        ],
    }  # fmt: skip


@router.get(
    "/{slug}/documents",
    response={200: list[DocumentOut], **NO_MEETING},
    summary="A meeting's documents",
)
def documents(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return _documents(meeting_or_404(slug, caller(request)))


@router.get(
    "/{slug}/announcements",
    response={200: list[AnnouncementOut], **NO_MEETING},
    summary="A meeting's announcements",
)
def announcements(request: HttpRequest, slug: str) -> list[Any]:
    return list(meeting_or_404(slug, caller(request)).announcements.all())


@router.get(
    "/{slug}/programme/versions",
    response={200: list[ProgrammeVersionOut], **NO_MEETING},
    summary="The published versions of the programme, newest first, with what changed",
)
def versions(request: HttpRequest, slug: str) -> list[Any]:
    return list(meeting_or_404(slug, caller(request)).versions.all())
