"""`/api/v1/meetings/{slug}/…` of the inscription: the list of speakers and the requests to speak
(request, change, withdraw), the window, receipts and statement files."""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import field_serializer, field_validator
from pydantic_core import PydanticCustomError

from hemicycle.accounts import roles
from hemicycle.accounts.auth import AUTH, caller
from hemicycle.apikit import ERRORS, NO_MEETING, Input, refusals
from hemicycle.apikit.forms import refused
from hemicycle.apikit.validation import validated
from hemicycle.floor import errors
from hemicycle.floor.chain import canonical_time
from hemicycle.floor.commands import (
    MAX_CODE,
    MAX_GROUP,
    MAX_LANGUAGE,
    MAX_PANELLISTS,
    MAX_TEXT,
)
from hemicycle.floor.i18n import _ as mark
from hemicycle.inscription import receipts, requests, statements, window
from hemicycle.inscription.forms import WindowForm
from hemicycle.meetings.models import Meeting, meeting_or_404, shown_to
from hemicycle.proceedings import snapshot, store
from hemicycle.proceedings.api import EntryOut
from hemicycle.proceedings.batch import batch_of

router = Router(tags=["inscription"])

Text = Field(default="", max_length=MAX_TEXT)
# Every item of a list is bounded too, not only their number (a 5,000-character "member").
Code = Annotated[str, Field(min_length=1, max_length=MAX_CODE)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class SpeakersOut(Schema):
    seq: int
    list_seq: int
    server_time: datetime
    list_open: bool
    speakers: list[EntryOut]


class RequestIn(Input):
    delegation: str = Field(
        min_length=1, max_length=20, description="Delegation code, e.g. FRA or EU"
    )
    speaker: str = Text
    title: str = Text
    level: str = Field(default="other", max_length=40)
    kind: str = Field(default="statement", max_length=20)
    on_behalf_of: str = Text
    group_members: list[Code] = Field(default_factory=list, max_length=MAX_GROUP)
    to_panellists: list[Name] = Field(default_factory=list, max_length=MAX_PANELLISTS)
    segment: str = Field(default="", max_length=40)
    language: str = Field(default="", max_length=MAX_LANGUAGE)


class ReceiptOut(Schema):
    """What a delegation is given for its request: anyone can check it at `verify_url`, and its
    signature with the published keys (/api/v1/keys) alone (docs/receipts.md)."""

    meeting: str
    seq: int
    received_at: datetime
    hash: str
    position: int | None
    verify_url: str
    key_id: str = Field(description="The published key that signed: /api/v1/keys")
    signature: str = Field(
        description="Ed25519, base64, over the canonical form of (meeting, seq, hash, received_at)"
    )

    @field_serializer("received_at")
    def _exact_time(self, at: datetime) -> str:
        # To the microsecond, as the signature and the log's hash cover it.
        return canonical_time(at)


class RequestChangesIn(Input):
    """The fields of a waiting request that may change; only those sent are changed."""

    speaker: str | None = Field(default=None, max_length=MAX_TEXT)
    title: str | None = Field(default=None, max_length=MAX_TEXT)
    level: str | None = Field(default=None, max_length=40)
    kind: str | None = Field(default=None, max_length=20)
    on_behalf_of: str | None = Field(default=None, max_length=MAX_TEXT)
    group_members: list[Code] | None = Field(default=None, max_length=MAX_GROUP)
    to_panellists: list[Name] | None = Field(default=None, max_length=MAX_PANELLISTS)
    language: str | None = Field(default=None, max_length=MAX_LANGUAGE)
    reason: str | None = Field(
        default=None, max_length=500, description="Why (recorded in the log with the change)"
    )


class InscribedOut(Schema):
    seq: int
    server_time: datetime
    entry: EntryOut
    receipt: ReceiptOut


class UpdatedOut(Schema):
    seq: int
    server_time: datetime
    entry: EntryOut


class WindowOut(Schema):
    phase: str
    accepting: bool
    opens_at: datetime | None
    closes_at: datetime | None
    timezone: str
    server_time: datetime


class VerificationOut(Schema):
    valid: bool
    reason: str
    seq: int
    delegation: str
    delegation_name: str
    receipt: ReceiptOut | None
    status_now: str
    position_now: int | None


class StatementOut(Schema):
    entry: int
    filename: str
    format: str
    size: int
    sha256: str
    uploaded_at: datetime
    language: str
    publish: bool


def _speakers(state: Any) -> dict[str, Any]:
    return {
        "seq": state.seq,
        "list_seq": state.list_seq,
        "server_time": timezone.now(),
        "list_open": state.list_open,
        "speakers": snapshot.speakers(state),
    }


# The operation ids are those first published (clients generated from the OpenAPI name their
# methods after them), from when these operations lived in proceedings/api.py.
@router.get(
    "/{slug}/speakers",
    response={200: SpeakersOut, 304: None, **NO_MEETING},
    summary="The ordered list of speakers (304 to an If-None-Match of its ETag)",
    operation_id="hemicycle_proceedings_api_speakers",
)
def speakers(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    meeting = meeting_or_404(slug, caller(request))
    state = store.state_of(meeting)
    etag = f'"{state.list_seq}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response["ETag"] = etag
    return _speakers(state)


@router.post(
    "/{slug}/speakers",
    response={201: InscribedOut, **ERRORS},
    auth=AUTH,
    summary="A request to speak",
    operation_id="hemicycle_proceedings_api_request_to_speak",
)
def request_to_speak(request: HttpRequest, slug: str, payload: RequestIn) -> Status:
    # Served by Django, or in a rush as one of the writer's commands (server/fastpath.py), whose
    # batch has looked up the meeting, the caller and the delegation for all its commands at once.
    batch = batch_of(request)
    found = shown_to(batch.meeting(slug), request.auth) if batch is not None else None
    meeting = found or meeting_or_404(slug, request.auth)
    inscribed = requests.request_to_speak(meeting, request.auth, payload.dict(), batch=batch)
    state = inscribed.outcome.state
    return Status(
        201,
        validated(  # validated once (ninja does not validate its own schema's instance again)
            InscribedOut,
            {
                "seq": state.seq,
                "server_time": timezone.now(),
                "entry": snapshot.entry_json(inscribed.entry, state),
                "receipt": receipts.as_json(inscribed.receipt),
            },
        ),
    )


@router.patch(
    "/{slug}/speakers/{entry_id}",
    response={200: UpdatedOut, **ERRORS},
    auth=AUTH,
    summary="Change a request to speak (speaker, level, kind, group, language)",
    operation_id="hemicycle_proceedings_api_update_request",
)
def update_request(
    request: HttpRequest, slug: str, entry_id: int, payload: RequestChangesIn
) -> dict[str, Any]:
    meeting = meeting_or_404(slug, request.auth)
    changes = payload.dict(exclude_none=True)
    reason = str(changes.pop("reason", ""))
    outcome = requests.update_request(meeting, request.auth, entry_id, changes, reason=reason)
    return _updated(outcome, entry_id)


@router.post(
    "/{slug}/speakers/{entry_id}/confirm",
    response={200: UpdatedOut, **ERRORS},
    auth=AUTH,
    summary="Confirm a request's declared level of representation or group (the secretariat's)",
)
def confirm_declaration(request: HttpRequest, slug: str, entry_id: int) -> dict[str, Any]:
    meeting = meeting_or_404(slug, request.auth)
    return _updated(requests.confirm_declaration(meeting, request.auth, entry_id), entry_id)


def _updated(outcome: store.Outcome, entry_id: int) -> dict[str, Any]:
    """A changed request as the answer gives it: the floor's seq, the time, the entry."""
    return {
        "seq": outcome.state.seq,
        "server_time": timezone.now(),
        "entry": snapshot.entry_json(outcome.state.entries[entry_id], outcome.state),
    }


@router.delete(
    "/{slug}/speakers/{entry_id}",
    response={200: SpeakersOut, **ERRORS},
    auth=AUTH,
    summary="Withdraw a request to speak",
    operation_id="hemicycle_proceedings_api_withdraw",
)
def withdraw(
    request: HttpRequest,
    slug: str,
    entry_id: int,
    reason: str = Query(
        "", max_length=500, pattern=r"^[^\x00]*$", description="Why (recorded in the log)"
    ),
) -> dict[str, Any]:
    meeting = meeting_or_404(slug, request.auth)
    return _speakers(requests.withdraw(meeting, request.auth, entry_id, reason).state)


@router.get(
    "/{slug}/window",
    response={200: WindowOut, **NO_MEETING},
    summary="When delegations may inscribe",
)
def window_now(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _window_out(meeting_or_404(slug, caller(request)))


class WindowIn(Input):
    """When focal points may inscribe; a time without an offset is on the meeting's clock."""

    opens_at: datetime
    closes_at: datetime | None = Field(default=None, description="none: open until the list closes")

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _in_our_times(cls, moment: datetime | None) -> datetime | None:
        # A year far off is a mistake, and a time zone cannot move it across year 1 or 9999.
        if moment is not None and not 1900 <= moment.year <= 2999:
            raise PydanticCustomError("year", "Give a time between the years 1900 and 2999")
        return moment


def _inscription_manager(request: HttpRequest, slug: str) -> Meeting:
    meeting = meeting_or_404(slug, request.auth)
    if not roles.can_manage_inscription(request.auth):
        raise PermissionDenied(_("Only the secretariat sets the inscription window."))
    return meeting


@router.put(
    "/{slug}/window",
    response={200: WindowOut, **ERRORS},
    auth=AUTH,
    summary="Set when delegations may inscribe",
)
def set_window(request: HttpRequest, slug: str, payload: WindowIn) -> dict[str, Any]:
    meeting = _inscription_manager(request, slug)
    form = WindowForm(
        {"opens": _on_meeting_clock(meeting, payload.opens_at),
         "closes": _on_meeting_clock(meeting, payload.closes_at)},
        meeting=meeting,
    )  # fmt: skip
    if not form.is_valid():
        raise refused(form.errors, {"opens": "opens_at", "closes": "closes_at"})
    opens, closes = form.cleaned_data["opens"], form.cleaned_data["closes"]
    window.set_window(meeting, opens, closes, actor=roles.actor_of(request.auth))
    return _window_out(meeting)


@router.delete(
    "/{slug}/window",
    response={200: WindowOut, **ERRORS},
    auth=AUTH,
    summary="Remove the window: the list then follows the floor's open and close alone",
)
def remove_window(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = _inscription_manager(request, slug)
    window.set_window(meeting, None, None, actor=roles.actor_of(request.auth))
    return _window_out(meeting)


def _on_meeting_clock(meeting: Meeting, moment: datetime | None) -> str:
    """A time as the window form reads it: on the meeting's clock, without an offset."""
    if moment is None:
        return ""
    try:
        if moment.tzinfo is not None:
            moment = moment.astimezone(meeting.tz)
    except OverflowError:  # year 1 or 9999 on another clock: the form refuses it by name
        return "out of range"
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _window_out(meeting: Meeting) -> dict[str, Any]:
    now = timezone.now()
    found = window.status(meeting, store.state_of(meeting), now)
    return {
        "phase": found.phase,
        "accepting": found.accepting,
        "opens_at": found.opens_at,
        "closes_at": found.closes_at,
        "timezone": meeting.timezone,
        "server_time": now,
    }


@router.get(
    "/{slug}/receipts/{seq}",
    response={200: VerificationOut, **refusals(404, 422)},
    summary="Verify a receipt: is the request at this seq, with this hash, in an unbroken log?",
)
def verify_receipt(request: HttpRequest, slug: str, seq: int, hash: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    found = receipts.verify(meeting, seq, hash, store.state_of(meeting))
    receipt = found.receipt
    return {
        "valid": found.valid,
        "reason": found.reason,
        "seq": seq,
        "delegation": receipt.delegation if receipt else "",
        "delegation_name": receipt.delegation_name if receipt else "",
        "receipt": receipts.as_json(receipt) if receipt else None,
        "status_now": found.status_now,
        "position_now": found.position_now,
    }


def _entry_of(meeting: Meeting, entry_id: int) -> str:
    """The delegation of request `entry_id`, or a 404."""
    entry = store.state_of(meeting).entries.get(entry_id)
    if entry is None:
        raise errors.UnknownEntry(mark("There is no request {entry} on this list."), entry=entry_id)
    return entry.delegation


def _statement_out(statement: statements.Statement) -> dict[str, Any]:
    return {"entry": statement.entry, **(statements.describe(statement) or {})}


@router.post(
    "/{slug}/speakers/{entry_id}/statement",
    response={201: StatementOut, **ERRORS},
    auth=AUTH,
    summary="Upload the statement of a request (PDF or DOCX, multipart field `file`; optional "
    "`language`, one of ar zh en fr ru es; `publish=false` marks it not for publication)",
)
def upload_statement(
    request: HttpRequest,
    slug: str,
    entry_id: int,
    file: File[UploadedFile],
    language: Form[str] = "",
    publish: Form[bool] = True,
) -> Status:
    meeting = meeting_or_404(slug, request.auth)
    delegation = _entry_of(meeting, entry_id)
    if not roles.can_speak_for(request.auth, delegation):
        raise PermissionDenied(
            _("Only the delegation's focal points or the secretariat may upload its statement.")
        )
    kept = statements.keep(
        meeting,
        entry_id,
        delegation,
        file,
        roles.actor_of(request.auth, delegation),
        language=language[:10],
        publish=publish,
    )
    return Status(201, _statement_out(kept))


@router.get(
    "/{slug}/speakers/{entry_id}/statement",
    response={200: None, **refusals(401, 403, 404, 422)},
    auth=AUTH,
    summary="Download the statement of a request",
    openapi_extra={
        "responses": {
            200: {
                "description": "The statement file, as uploaded",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in statements.CONTENT_TYPES.values()
                },
            }
        }
    },
)
def download_statement(
    request: HttpRequest, slug: str, entry_id: int, language: str | None = None
) -> Any:
    meeting = meeting_or_404(slug, request.auth)
    delegation = _entry_of(meeting, entry_id)
    if not roles.can_read_statement(request.auth, delegation, meeting):
        raise PermissionDenied(
            _("The statement is for the secretariat, the chair and the delegation itself.")
        )
    kept = statements.of(meeting, entry_id, language)
    if kept is None or not kept.path.exists():
        raise errors.UnknownEntry(
            mark("Request {entry} has no statement file yet."), entry=entry_id
        )
    return FileResponse(
        kept.path.open("rb"),
        as_attachment=True,
        filename=kept.filename,
        content_type=statements.CONTENT_TYPES[kept.kind],
    )
