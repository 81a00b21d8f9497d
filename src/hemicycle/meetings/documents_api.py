"""`/api/v1/meetings/{slug}/documents…` and `…/announcements`: the secretariat registers a
meeting's documents (multipart uploads, a file per language) and publishes its announcements from a
script, through the pages' own forms (forms.py, uploads.py). The operation ids are those first
published, when these lived in setup_api.py."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from hemicycle.accounts.auth import AUTH
from hemicycle.apikit import ERRORS, Input
from hemicycle.apikit.forms import refused
from hemicycle.meetings.api import AnnouncementOut, DocumentOut, document_json, router
from hemicycle.meetings.forms import (
    AnnouncementForm,
    DocumentFileForm,
    DocumentForm,
    attach,
    delete_document,
    remove_file,
)
from hemicycle.meetings.models import Announcement, Document, Meeting
from hemicycle.meetings.setup_api import TAGS, LongText, Text, prepared

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
    return document_json(Document.objects.prefetch_related("files").get(pk=document.pk))


DOCUMENT_NAMES = {"upload": "file"}


@router.post(
    "/{slug}/documents",
    tags=TAGS,
    response={201: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Register a document (multipart: its fields, and its file in `file`)",
    operation_id="hemicycle_meetings_setup_api_add_document",
)
def add_document(
    request: HttpRequest,
    slug: str,
    payload: Form[DocumentIn],
    file: UploadedFile | None = File(None),  # noqa: B008 (how ninja declares a part)
) -> Status:
    meeting = prepared(request, slug)
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
    operation_id="hemicycle_meetings_setup_api_change_document",
)
def change_document(
    request: HttpRequest, slug: str, pk: int, payload: DocumentChangesIn
) -> dict[str, Any]:
    meeting = prepared(request, slug)
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
    operation_id="hemicycle_meetings_setup_api_remove_document",
)
def remove_document(request: HttpRequest, slug: str, pk: int) -> Status:
    delete_document(_document_of(prepared(request, slug), pk))
    return Status(204, None)


@router.post(
    "/{slug}/documents/{pk}/files",
    tags=TAGS,
    response={201: DocumentOut, **ERRORS},
    auth=AUTH,
    summary="Add a document's file in one language (multipart: `language` and `file`)",
    operation_id="hemicycle_meetings_setup_api_add_document_file",
)
def add_document_file(
    request: HttpRequest, slug: str, pk: int, language: Form[str], file: File[UploadedFile]
) -> Status:
    found = _document_of(prepared(request, slug), pk)
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
    operation_id="hemicycle_meetings_setup_api_remove_document_file",
)
def remove_document_file(request: HttpRequest, slug: str, pk: int, language: str) -> Any:
    found = _document_of(prepared(request, slug), pk)
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
    operation_id="hemicycle_meetings_setup_api_add_announcement",
)
def add_announcement(request: HttpRequest, slug: str, payload: AnnouncementIn) -> Status:
    meeting = prepared(request, slug)
    return Status(201, _save_announcement(meeting, None, payload.dict(exclude_none=True)))


@router.patch(
    "/{slug}/announcements/{pk}",
    tags=TAGS,
    response={200: AnnouncementOut, **ERRORS},
    auth=AUTH,
    summary="Change an announcement (only the fields sent)",
    operation_id="hemicycle_meetings_setup_api_change_announcement",
)
def change_announcement(
    request: HttpRequest, slug: str, pk: int, payload: AnnouncementChangesIn
) -> Announcement:
    meeting = prepared(request, slug)
    found = _announcement_of(meeting, pk)
    return _save_announcement(meeting, found, payload.dict(exclude_none=True))


@router.delete(
    "/{slug}/announcements/{pk}",
    tags=TAGS,
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Withdraw an announcement",
    operation_id="hemicycle_meetings_setup_api_remove_announcement",
)
def remove_announcement(request: HttpRequest, slug: str, pk: int) -> Status:
    with transaction.atomic():
        _announcement_of(prepared(request, slug), pk).delete()
    return Status(204, None)
