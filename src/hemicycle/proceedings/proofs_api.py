"""What anyone needs to check the server's word without trusting it later: its public keys
(`GET /api/v1/keys`) and a meeting's signed checkpoints (`GET /api/v1/meetings/{slug}/checkpoints`,
`…/checkpoints/latest`). docs/receipts.md says how to use them."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hemicycle.accounts.auth import caller
from hemicycle.apikit import NO_MEETING
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import checkpoints, signing
from hemicycle.proceedings.models import Checkpoint

keys_router = Router(tags=["proofs"])
router = Router(tags=["proofs"])


class KeyOut(Schema):
    key_id: str = Field(description="The first 16 hex digits of the sha256 of the raw public key")
    algorithm: str
    public_key: str = Field(description="The 32 raw bytes of the public key, base64")
    public_key_hex: str
    valid_from: str
    retired_at: str | None = Field(description="Set once a newer key signs instead")


class KeysOut(Schema):
    keys: list[KeyOut]


class CheckpointOut(Schema):
    meeting: str
    seq: int
    hash: str
    at: str = Field(description="When it was signed, UTC, to the microsecond, as signed")
    key_id: str
    algorithm: str
    signature: str = Field(description="Ed25519, base64, over (meeting, seq, hash, at)")
    reason: str = Field(description="published | concluded (not signed)")


class CheckpointsOut(Schema):
    checkpoints: list[CheckpointOut]


@keys_router.get(
    "",
    response={200: KeysOut},
    summary="The public keys that sign receipts and checkpoints, the retired ones included",
)
def keys(request: HttpRequest) -> dict[str, Any]:
    signing.ensure_key()  # made at the first start; asked before it, it is made now
    return {"keys": [key.as_json() for key in signing.published_keys()]}


@router.get(
    "/{slug}/checkpoints",
    response={200: CheckpointsOut, **NO_MEETING},
    summary="The signed checkpoints of the log's head, oldest first",
)
def all_checkpoints(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    found = Checkpoint.objects.filter(meeting=meeting).select_related("meeting").order_by("seq")
    return {"checkpoints": [checkpoints.as_json(c) for c in found]}


@router.get(
    "/{slug}/checkpoints/latest",
    response={200: CheckpointOut, **NO_MEETING},
    summary="A signed checkpoint of the log's head, as published with the list now",
)
def latest_checkpoint(request: HttpRequest, slug: str) -> dict[str, Any]:
    meeting = meeting_or_404(slug, caller(request))
    found = checkpoints.for_publication(meeting)
    if found is None:
        raise Http404(_("The log of this meeting is empty: there is nothing to sign yet."))
    return checkpoints.as_json(found)
