"""`/api/v1/meetings/{slug}/staff`: a meeting's officers (its presiding officers and secretaries),
appointed, moved and revoked by the secretariat, as on the meeting's Officers page."""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from hemicycle.accounts import roles, staff
from hemicycle.accounts.api import Email, PersonOut, person
from hemicycle.accounts.auth import AUTH
from hemicycle.accounts.models import Officer
from hemicycle.apikit import ERRORS, Input
from hemicycle.meetings.models import Meeting, meeting_or_404

router = Router(tags=["staff"])

OfficeName = Literal["presiding", "secretary"]


class OfficerOut(Schema):
    id: int
    office: str = Field(description="presiding (runs the floor) or secretary (runs it beside)")
    person: PersonOut
    assigned_at: datetime


class OfficerIn(Input):
    email: Email
    name: str = Field(default="", max_length=150)
    office: OfficeName


class OfficeIn(Input):
    office: OfficeName


def officer_json(officer: Officer) -> dict[str, Any]:
    return {
        "id": officer.pk,
        "office": officer.office,
        "person": person(officer.user),
        "assigned_at": officer.assigned_at,
    }


def _meeting(request: HttpRequest, slug: str) -> Meeting:
    meeting = meeting_or_404(slug, request.auth)
    if not roles.can_manage_staff(request.auth, meeting):
        raise PermissionDenied(_("Only the secretariat appoints a meeting's officers."))
    return meeting


def _officer(meeting: Meeting, officer_id: int) -> Officer:
    return get_object_or_404(Officer.objects.select_related("user"), meeting=meeting, pk=officer_id)


@router.get(
    "/{slug}/staff",
    response={200: list[OfficerOut], **ERRORS},
    auth=AUTH,
    summary="A meeting's officers",
)
def officers(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    meeting = _meeting(request, slug)
    return [officer_json(o) for o in Officer.objects.filter(meeting=meeting).select_related("user")]


@router.post(
    "/{slug}/staff",
    response={201: OfficerOut, **ERRORS},
    auth=AUTH,
    summary="Appoint an officer of the meeting (an account is created and invited if need be)",
)
def appoint(request: HttpRequest, slug: str, payload: OfficerIn) -> Status:
    meeting = _meeting(request, slug)
    officer = staff.appoint(meeting, payload.email, payload.name, payload.office, request.auth)
    return Status(201, officer_json(officer))


@router.patch(
    "/{slug}/staff/{officer_id}",
    response={200: OfficerOut, **ERRORS},
    auth=AUTH,
    summary="Change an officer's office",
)
def change(request: HttpRequest, slug: str, officer_id: int, payload: OfficeIn) -> dict[str, Any]:
    officer = _officer(_meeting(request, slug), officer_id)
    return officer_json(staff.change_office(officer, payload.office))


@router.delete(
    "/{slug}/staff/{officer_id}",
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Revoke an officer (the account stays)",
)
def revoke(request: HttpRequest, slug: str, officer_id: int) -> Status:
    staff.revoke(_officer(_meeting(request, slug), officer_id))
    return Status(204, None)
