"""`/api/v1/meetings…`: the secretariat sets up a meeting from a script, as from its pages: the
meeting, its programme's segments and their publication, its documents (multipart uploads) and its
announcements, created, changed and deleted. Each input goes through the pages' own form, so a rule
has one home (forms.py, programme.py, uploads.py, lifecycle.py); a refusal changes nothing."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from hemicycle.accounts import roles
from hemicycle.accounts.auth import AUTH
from hemicycle.apikit import ERRORS, Input
from hemicycle.apikit.forms import refused
from hemicycle.meetings import lifecycle, programme
from hemicycle.meetings.api import (
    AnnouncementOut,
    DocumentOut,
    LocalTime,
    MeetingDetail,
    ProgrammeVersionOut,
    SegmentOut,
    Speaker,
    _document,
    meeting_detail,
    router,
)
from hemicycle.meetings.forms import (
    LIMIT_KINDS,
    AnnouncementForm,
    DocumentFileForm,
    DocumentForm,
    MeetingForm,
    ProgrammeFormSet,
    _person_line,
    attach,
    delete_document,
    programme_data,
    remove_file,
)
from hemicycle.meetings.models import Announcement, Document, Meeting, Segment, meeting_or_404

# The set-up joins the meetings' router: a path serves its reads and its writes together.
TAGS = ["set-up"]

Text = Field(default=None, max_length=300)
LongText = Field(default=None, max_length=20000)


def _prepared(request: HttpRequest, slug: str) -> Meeting:
    """The meeting of `slug`, if the caller may set it up (a draft is 404 to anyone else)."""
    meeting = meeting_or_404(slug, request.auth)
    if not roles.can_prepare_meeting(request.auth, meeting):
        raise PermissionDenied(_("Only the secretariat prepares and convenes meetings."))
    return meeting


# The meeting


class MeetingChangesIn(Input):
    """The facts of a meeting; those left out keep their value (a new meeting: the defaults)."""

    slug: str | None = Field(default=None, max_length=60)
    title: str | None = Text
    short_title: str | None = Text
    body: str | None = Text
    convener: str | None = Text
    date: dt.date | None = None
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    timezone: str | None = Field(default=None, max_length=64, description="an IANA time zone")
    venue: str | None = Text
    location: str | None = Text
    languages: list[str] | None = Field(default=None, max_length=6)
    status: str | None = Field(
        default=None, max_length=20, description="draft or convened; the floor sets the rest"
    )
    policy: str | None = Field(default=None, max_length=20)
    overrun: str | None = Field(default=None, max_length=10)
    limits: dict[str, int] | None = Field(
        default=None, description='seconds by kind of speech, e.g. {"statement": 180}'
    )
    background: str | None = LongText
    purposes: str | None = LongText
    expected_outcomes: str | None = LongText


class MeetingIn(MeetingChangesIn):
    slug: str = Field(max_length=60)  # type: ignore[assignment]
    title: str = Field(max_length=300)  # type: ignore[assignment]
    date: dt.date  # type: ignore[assignment]


LIMIT_NAMES = {f"limit_{kind}": f"limits.{kind}" for kind, _label in LIMIT_KINDS}


def _meeting_form(meeting: Meeting | None, changes: dict[str, Any]) -> MeetingForm:
    """The meeting form filled with the meeting as it is (or a new one's defaults) and `changes`."""
    base = meeting or Meeting(status="draft")
    data: dict[str, Any] = {
        name: getattr(base, name) for name in MeetingForm._meta.fields or () if name != "languages"
    }
    data["languages"] = list(base.languages or [])
    limits = dict(base.limits or {})
    unknown = sorted(set(changes.get("limits") or {}) - {kind for kind, _label in LIMIT_KINDS})
    if unknown:
        raise refused(
            {f"limits.{kind}": [_("There is no kind of speech “%(kind)s”.") % {"kind": kind}] for kind in unknown}
        )  # fmt: skip
    limits.update(changes.pop("limits", None) or {})
    data.update({f"limit_{kind}": limits.get(kind) or "" for kind, _label in LIMIT_KINDS})
    data.update({name: "" if value is None else value for name, value in changes.items()})
    return MeetingForm(data, instance=meeting)


def _save_meeting(request: HttpRequest, form: MeetingForm) -> Meeting:
    if not form.is_valid():
        raise refused(form.errors, LIMIT_NAMES)
    return form.save_meeting(roles.actor_of(request.auth))


@router.post(
    "",
    tags=TAGS,
    response={201: MeetingDetail, **ERRORS},
    auth=AUTH,
    summary="Create a meeting (a draft unless `status` says convened)",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    if not roles.can_prepare_meeting(request.auth):
        raise PermissionDenied(_("Only the secretariat prepares and convenes meetings."))
    form = _meeting_form(None, payload.dict(exclude_none=True))
    return Status(201, meeting_detail(_save_meeting(request, form)))


@router.patch(
    "/{slug}",
    tags=TAGS,
    response={200: MeetingDetail, **ERRORS},
    auth=AUTH,
    summary="Change a meeting's facts, rules or stage (only the fields sent)",
)
def change_meeting(request: HttpRequest, slug: str, payload: MeetingChangesIn) -> Any:
    meeting = _prepared(request, slug)
    form = _meeting_form(meeting, payload.dict(exclude_none=True))
    return meeting_detail(_save_meeting(request, form))


@router.delete(
    "/{slug}",
    tags=TAGS,
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Delete a draft meeting (a convened one is kept: 409)",
)
def delete_meeting(request: HttpRequest, slug: str) -> Status:
    meeting = _prepared(request, slug)
    lifecycle.check_delete(meeting)
    meeting.delete()
    return Status(204, None)


# The programme


class SegmentChangesIn(Input):
    """A segment of the programme; the fields left out keep their value."""

    kind: str | None = Field(default=None, max_length=20, description="opening, panel, dialogue, break or closing")  # fmt: skip
    title: str | None = Text
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    chair: str | None = Field(default=None, max_length=200)
    moderator: str | None = Field(default=None, max_length=200)
    limit_s: int | None = Field(default=None, ge=10, le=3600, description="statements' limit here")
    note: str | None = LongText
    themes: list[str] | None = Field(default=None, max_length=50)
    speakers: list[Speaker] | None = Field(default=None, max_length=100)


class SegmentIn(SegmentChangesIn):
    kind: str = Field(max_length=20, description="opening, panel, dialogue, break or closing")  # type: ignore[assignment]
    title: str = Field(max_length=300)  # type: ignore[assignment]
    starts: LocalTime  # type: ignore[assignment]
    ends: LocalTime  # type: ignore[assignment]


def _segment_fields(payload: SegmentChangesIn) -> dict[str, Any]:
    """The fields sent, as the programme editor's form names them."""
    fields = payload.dict(exclude_none=True, exclude={"themes", "speakers"})
    if payload.themes is not None:
        fields["themes_text"] = "\n".join(payload.themes)
    if payload.speakers is not None:
        fields["speakers_text"] = "\n".join(
            _person_line(person.dict()) for person in payload.speakers
        )
    return fields


SEGMENT_NAMES = {"themes_text": "themes", "speakers_text": "speakers"}


def _save_programme(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> list[Segment]:
    """Check and save the programme as the editor does; 422 with the editor's words if refused."""
    formset = ProgrammeFormSet(
        data, meeting=meeting, inscribed=programme.inscribed_in(meeting), prefix="segments"
    )
    if not formset.is_valid():
        errors: dict[str, list[str]] = {}
        for form in formset.forms:
            where = form.instance.key if form.instance.pk else "new"
            for field, messages in form.errors.items():
                name = SEGMENT_NAMES.get(field, field)
                errors[f"segments.{where}.{name}" if field != "__all__" else "__all__"] = messages
        if formset.non_form_errors():
            errors.setdefault("__all__", []).extend(formset.non_form_errors())
        raise refused(errors)
    return formset.save_programme(roles.actor_of(request.auth))


def _segment(meeting: Meeting, key: str) -> Segment:
    found = meeting.segments.filter(key=key).first()
    if found is None:
        raise Http404(_("The programme of this meeting has no segment “%(key)s”.") % {"key": key})
    return found


@router.get(
    "/{slug}/segments",
    tags=TAGS,
    response={200: list[SegmentOut], **ERRORS},
    auth=AUTH,
    summary="The working programme, with the changes not yet published (the secretariat's)",
)
def working_programme(request: HttpRequest, slug: str) -> list[Segment]:
    return list(_prepared(request, slug).segments.all())


@router.post(
    "/{slug}/segments",
    tags=TAGS,
    response={201: SegmentOut, **ERRORS},
    auth=AUTH,
    summary="Add a segment to the programme (published with the next version)",
)
def add_segment(request: HttpRequest, slug: str, payload: SegmentIn) -> Status:
    meeting = _prepared(request, slug)
    before = set(meeting.segments.values_list("key", flat=True))
    saved = _save_programme(
        request, meeting, programme_data(meeting, added=_segment_fields(payload))
    )
    added = next(s for s in saved if s.key not in before)
    return Status(201, _segment(meeting, added.key))


@router.patch(
    "/{slug}/segments/{key}",
    tags=TAGS,
    response={200: SegmentOut, **ERRORS},
    auth=AUTH,
    summary="Change a segment of the programme (only the fields sent)",
)
def change_segment(request: HttpRequest, slug: str, key: str, payload: SegmentChangesIn) -> Any:
    meeting = _prepared(request, slug)
    _segment(meeting, key)
    data = programme_data(meeting, changes={key: _segment_fields(payload)})
    _save_programme(request, meeting, data)
    return _segment(meeting, key)


@router.delete(
    "/{slug}/segments/{key}",
    tags=TAGS,
    response={200: list[SegmentOut], **ERRORS},
    auth=AUTH,
    summary="Remove a segment from the programme; answers the programme that remains",
)
def remove_segment(request: HttpRequest, slug: str, key: str) -> list[Segment]:
    meeting = _prepared(request, slug)
    _segment(meeting, key)
    _save_programme(request, meeting, programme_data(meeting, removed=key))
    return list(meeting.segments.all())


class PublicationIn(Input):
    final: bool = Field(default=False, description="publish as final (else tentative)")


@router.post(
    "/{slug}/programme/versions",
    tags=TAGS,
    response={201: ProgrammeVersionOut, **ERRORS},
    auth=AUTH,
    summary="Publish the programme as it now stands, as a new version",
)
def publish_programme(request: HttpRequest, slug: str, payload: PublicationIn) -> Status:
    meeting = _prepared(request, slug)
    return Status(201, programme.publish(meeting, final=payload.final))


# Documents


class DocumentChangesIn(Input):
    symbol: str | None = Field(default=None, max_length=100)
    title: str | None = Field(default=None, max_length=400)
    date: dt.date | None = None
    kind: str | None = Field(default=None, max_length=20, description="report, concept_note, programme, letter or statement")  # fmt: skip
    advance_copy: bool | None = None
    url: str | None = Field(default=None, max_length=200)


class DocumentIn(Schema):
    """A new document, as multipart form fields (with its file, if any, in `file`)."""

    symbol: str = Field(default="", max_length=100)
    title: str = Field(max_length=400)
    date: dt.date | None = None
    kind: str = Field(max_length=20, description="report, concept_note, programme, letter or statement")  # fmt: skip
    advance_copy: bool = False
    url: str = Field(default="", max_length=200)
    language: str = Field(default="en", max_length=10, description="the language of the file")


def _document_of(meeting: Meeting, pk: int) -> Document:
    found = meeting.documents.filter(pk=pk).first()
    if found is None:
        raise Http404(_("This meeting has no document %(pk)s.") % {"pk": pk})
    return found


def _out(document: Document) -> dict[str, Any]:
    return _document(Document.objects.prefetch_related("files").get(pk=document.pk))


DOCUMENT_NAMES = {"upload": "file"}


@router.post(
    "/{slug}/documents",
    tags=TAGS,
    response={201: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Register a document (multipart: its fields, and its file in `file`)",
)
def add_document(
    request: HttpRequest,
    slug: str,
    payload: Form[DocumentIn],
    file: UploadedFile | None = File(None),  # noqa: B008 (how ninja declares a part)
) -> Status:
    meeting = _prepared(request, slug)
    data = {k: "" if v is None else v for k, v in payload.dict().items()}
    data["advance_copy"] = "on" if payload.advance_copy else ""
    form = DocumentForm(data, {"upload": file} if file else {})
    if not form.is_valid():
        raise refused(form.errors, DOCUMENT_NAMES)
    return Status(201, _out(form.register(meeting)))


@router.patch(
    "/{slug}/documents/{pk}",
    tags=TAGS,
    response={200: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Change a document's entry in the register (only the fields sent)",
)
def change_document(
    request: HttpRequest, slug: str, pk: int, payload: DocumentChangesIn
) -> dict[str, Any]:
    meeting = _prepared(request, slug)
    found = _document_of(meeting, pk)
    data: dict[str, Any] = {
        name: getattr(found, name) for name in ("symbol", "title", "date", "kind", "url")
    }
    data["advance_copy"] = found.advance_copy
    data.update(payload.dict(exclude_none=True))
    data = {k: "" if v is None else v for k, v in data.items()}
    data["advance_copy"] = "on" if data["advance_copy"] else ""
    data["language"] = "en"  # the language of a file sent with the form; none is
    form = DocumentForm(data, instance=found)
    if not form.is_valid():
        raise refused(form.errors)
    form.save()
    return _out(found)


@router.delete(
    "/{slug}/documents/{pk}",
    tags=TAGS,
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Remove a document from the register, with its files",
)
def remove_document(request: HttpRequest, slug: str, pk: int) -> Status:
    delete_document(_document_of(_prepared(request, slug), pk))
    return Status(204, None)


@router.post(
    "/{slug}/documents/{pk}/files",
    tags=TAGS,
    response={201: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Add a document's file in one language (multipart: `language` and `file`)",
)
def add_document_file(
    request: HttpRequest, slug: str, pk: int, language: Form[str], file: File[UploadedFile]
) -> Status:
    found = _document_of(_prepared(request, slug), pk)
    form = DocumentFileForm({"language": language}, {"upload": file}, document=found)
    if not form.is_valid():
        raise refused(form.errors, DOCUMENT_NAMES)
    attach(found, form.cleaned_data["language"], file, form.checked)
    return Status(201, _out(found))


@router.delete(
    "/{slug}/documents/{pk}/files/{language}",
    tags=TAGS,
    response={200: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Remove a document's file in one language",
)
def remove_document_file(request: HttpRequest, slug: str, pk: int, language: str) -> Any:
    found = _document_of(_prepared(request, slug), pk)
    try:
        removed = remove_file(found, language)
    except ValidationError as refusal:
        raise refused({"language": refusal.messages}) from None
    if removed is None:
        raise Http404(_("This document has no file in “%(language)s”.") % {"language": language})
    return _out(found)


# Announcements


class AnnouncementChangesIn(Input):
    title: str | None = Text
    body: str | None = LongText
    published_at: dt.datetime | None = Field(default=None, description="now, if left out")


class AnnouncementIn(AnnouncementChangesIn):
    title: str = Field(max_length=300)  # type: ignore[assignment]
    body: str = Field(max_length=20000)  # type: ignore[assignment]


def _announcement_of(meeting: Meeting, pk: int) -> Announcement:
    found = meeting.announcements.filter(pk=pk).first()
    if found is None:
        raise Http404(_("This meeting has no announcement %(pk)s.") % {"pk": pk})
    return found


def _save_announcement(
    meeting: Meeting, found: Announcement | None, changes: dict[str, Any]
) -> Announcement:
    data: dict[str, Any] = {"title": "", "body": "", "published_at": ""}
    if found is not None:
        data.update(title=found.title, body=found.body, published_at=found.published_at)
    data.update(changes)
    form = AnnouncementForm(data, instance=found)
    if not form.is_valid():
        raise refused(form.errors)
    saved: Announcement = form.save(commit=False)
    saved.meeting = meeting
    saved.save()
    return saved


@router.post(
    "/{slug}/announcements",
    tags=TAGS,
    response={201: AnnouncementOut, **ERRORS},
    auth=AUTH,
    summary="Publish an announcement",
)
def add_announcement(request: HttpRequest, slug: str, payload: AnnouncementIn) -> Status:
    meeting = _prepared(request, slug)
    return Status(201, _save_announcement(meeting, None, payload.dict(exclude_none=True)))


@router.patch(
    "/{slug}/announcements/{pk}",
    tags=TAGS,
    response={200: AnnouncementOut, **ERRORS},
    auth=AUTH,
    summary="Change an announcement (only the fields sent)",
)
def change_announcement(
    request: HttpRequest, slug: str, pk: int, payload: AnnouncementChangesIn
) -> Announcement:
    meeting = _prepared(request, slug)
    found = _announcement_of(meeting, pk)
    return _save_announcement(meeting, found, payload.dict(exclude_none=True))


@router.delete(
    "/{slug}/announcements/{pk}",
    tags=TAGS,
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Withdraw an announcement",
)
def remove_announcement(request: HttpRequest, slug: str, pk: int) -> Status:
    with transaction.atomic():
        _announcement_of(_prepared(request, slug), pk).delete()
    return Status(204, None)
