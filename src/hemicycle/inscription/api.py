"""`/api/v1/meetings/{slug}/…` of the inscription: the window, receipts, statement files."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from hemicycle.accounts import roles
from hemicycle.accounts.auth import AUTH
from hemicycle.floor import errors
from hemicycle.floor.i18n import _ as mark
from hemicycle.inscription import receipts, statements, window
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import store
from hemicycle.proceedings.actions import actor_of
from hemicycle.proceedings.api import ERRORS, NO_MEETING, refusals

router = Router(tags=["inscription"])


class WindowOut(Schema):
    phase: str
    accepting: bool
    opens_at: datetime | None
    closes_at: datetime | None
    timezone: str
    server_time: datetime


class ReceiptOut(Schema):
    seq: int
    received_at: datetime
    hash: str
    position: int | None
    verify_url: str


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


@router.get(
    "/{slug}/window",
    response={200: WindowOut, **NO_MEETING},
    summary="When delegations may inscribe",
)
def window_now(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug)
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
    meeting = meeting_or_404(slug)
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
    summary="Upload the statement of a request (PDF or DOCX, multipart field `file`)",
)
def upload_statement(
    request: HttpRequest, slug: str, entry_id: int, file: File[UploadedFile]
) -> Status:
    meeting = meeting_or_404(slug)
    delegation = _entry_of(meeting, entry_id)
    if not roles.can_speak_for(request.auth, delegation):
        raise PermissionDenied(
            _("Only the delegation's focal points or the secretariat may upload its statement.")
        )
    kept = statements.keep(meeting, entry_id, delegation, file, actor_of(request.auth))
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
def download_statement(request: HttpRequest, slug: str, entry_id: int) -> Any:
    meeting = meeting_or_404(slug)
    delegation = _entry_of(meeting, entry_id)
    if not roles.can_read_statement(request.auth, delegation):
        raise PermissionDenied(
            _("The statement is for the secretariat, the chair and the delegation itself.")
        )
    kept = statements.of(meeting, entry_id)
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
