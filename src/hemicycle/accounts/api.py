"""`/api/v1/secretariat` and `/api/v1/focal-points`: the members of the secretariat, and the
delegations' focal points (with their import from CSV), under the same rules as the pages."""

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator

from hemicycle.accounts import importing, invitations, roles, staff
from hemicycle.accounts.auth import AUTH
from hemicycle.accounts.models import FocalPoint
from hemicycle.apikit import ERRORS, Input
from hemicycle.delegations.models import Delegation

router = Router(tags=["staff"])


class PersonOut(Schema):
    id: int
    name: str
    email: str
    invited: bool = Field(description="true until the person has set a password")


def person(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "name": user.get_full_name(),
        "email": user.email or user.get_username(),
        "invited": not user.has_usable_password(),
    }


def _email(value: str) -> str:
    try:
        validate_email(value.strip())
    except ValidationError:
        raise ValueError("not an e-mail address") from None
    return value.strip().lower()


Email = Annotated[str, Field(min_length=3, max_length=254), AfterValidator(_email)]


class PersonIn(Input):
    email: Email
    name: str = Field(default="", max_length=150)


def _staff_only(request: HttpRequest) -> None:
    if not roles.can_manage_staff(request.auth):
        raise PermissionDenied(_("Only the secretariat appoints staff."))


@router.get(
    "/secretariat",
    response={200: list[PersonOut], **ERRORS},
    auth=AUTH,
    summary="The members of the secretariat",
)
def secretariat(request: HttpRequest) -> list[dict[str, Any]]:
    _staff_only(request)
    return [person(user) for user in staff.secretariat_members()]


@router.post(
    "/secretariat",
    response={201: PersonOut, **ERRORS},
    auth=AUTH,
    summary="Appoint a member of the secretariat (an account is created and invited if need be)",
)
def appoint_secretariat(request: HttpRequest, payload: PersonIn) -> Status:
    _staff_only(request)
    return Status(201, person(staff.appoint_secretariat(payload.email, payload.name, request.auth)))


@router.delete(
    "/secretariat/{user_id}",
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Revoke a member of the secretariat (never oneself)",
)
def revoke_secretariat(request: HttpRequest, user_id: int) -> Status:
    _staff_only(request)
    staff.revoke_secretariat(get_object_or_404(User, pk=user_id), request.auth)
    return Status(204, None)


class FocalPointOut(Schema):
    id: int
    delegation: str = Field(description="the delegation's code")
    person: PersonOut
    administers: bool = Field(description="a mission administrator: manages these focal points")


def focal_point(point: FocalPoint) -> dict[str, Any]:
    return {
        "id": point.pk,
        "delegation": point.delegation.code,
        "person": person(point.user),
        "administers": point.administers,
    }


class FocalPointIn(PersonIn):
    delegation: str = Field(min_length=1, max_length=20, description="the delegation's code")
    administers: bool = False


class FocalPointChangeIn(Input):
    administers: bool


def _managed(request: HttpRequest, point_id: int) -> FocalPoint:
    point = get_object_or_404(FocalPoint.objects.select_related("user", "delegation"), pk=point_id)
    if not roles.can_manage_focal_points(request.auth, point.delegation.code):
        raise PermissionDenied(_("You manage only your own delegation's focal points."))
    return point


@router.get(
    "/focal-points",
    response={200: list[FocalPointOut], **ERRORS},
    auth=AUTH,
    summary="The focal points the caller manages (the secretariat: all)",
)
def focal_points(request: HttpRequest, delegation: str = "") -> list[dict[str, Any]]:
    if not roles.can_manage_focal_points(request.auth):
        raise PermissionDenied(
            _("Only the secretariat and a delegation's mission administrators manage focal points.")
        )
    found = FocalPoint.objects.select_related("user", "delegation").order_by(
        "delegation__code", "user__email"
    )
    if not roles.can_manage_accounts(request.auth):
        found = found.filter(delegation__code__in=roles.administered_by(request.auth))
    if delegation:
        # No code holds a NUL character (PostgreSQL cannot even compare one): none is found.
        found = found.filter(delegation__code=delegation) if "\x00" not in delegation else []
    return [focal_point(point) for point in found]


@router.post(
    "/focal-points",
    response={201: FocalPointOut, **ERRORS},
    auth=AUTH,
    summary="Invite a focal point of a delegation",
)
def invite_focal_point(request: HttpRequest, payload: FocalPointIn) -> Status:
    if not roles.can_manage_focal_points(request.auth, payload.delegation):
        raise PermissionDenied(_("You manage only your own delegation's focal points."))
    if payload.administers and not roles.can_manage_staff(request.auth):
        raise PermissionDenied(_("Only the secretariat names mission administrators."))
    delegation = Delegation.objects.filter(code=payload.delegation).first()
    if delegation is None:
        raise staff.StaffError(
            _("There is no delegation with the code “%(code)s”; see /api/v1/delegations.")
            % {"code": payload.delegation},
            "not_found",
        )
    user = invitations.invite_focal_point(
        payload.email,
        payload.name,
        delegation,
        staff.by_name(request.auth),
        administers=payload.administers,
    )
    point = FocalPoint.objects.select_related("user", "delegation").get(
        user=user, delegation=delegation
    )
    return Status(201, focal_point(point))


class ImportIn(Input):
    csv: str = Field(
        max_length=1_000_000,
        description="the file's text: a header row naming delegation, name, email "
        "(and optionally administrator), then one row per person",
    )
    dry_run: bool = Field(default=False, description="check and preview only; import nothing")


class ImportRowOut(Schema):
    line: int
    delegation: str
    name: str
    email: str
    administers: bool
    errors: list[str]


class ImportOut(Schema):
    imported: bool
    rows: list[ImportRowOut]


@router.post(
    "/focal-points/import",
    response={200: ImportOut, 201: ImportOut, **ERRORS},
    auth=AUTH,
    summary="Import focal points from CSV: all rows or none (422 names each bad row)",
)
def import_focal_points(request: HttpRequest, payload: ImportIn) -> Status:
    _staff_only(request)
    preview = importing.read(payload.csv)
    if not preview.valid:
        raise ImportRefused(preview)
    rows = [
        {
            "line": row.line,
            "delegation": row.code,
            "name": row.name,
            "email": row.email,
            "administers": row.administers,
            "errors": row.errors,
        }
        for row in preview.rows
    ]
    if payload.dry_run:
        return Status(200, {"imported": False, "rows": rows})
    importing.import_rows(preview, staff.by_name(request.auth))
    return Status(201, {"imported": True, "rows": rows})


class ImportRefused(staff.StaffError):
    """A CSV with bad rows: 422, each row's problem in `fields` ("line 3": what is wrong)."""

    def __init__(self, preview: importing.Preview) -> None:
        super().__init__(_("Correct the file: nothing was imported."), "invalid")
        self.fields = preview.errors()


@router.patch(
    "/focal-points/{point_id}",
    response={200: FocalPointOut, **ERRORS},
    auth=AUTH,
    summary="Name or unname a mission administrator",
)
def change_focal_point(
    request: HttpRequest, point_id: int, payload: FocalPointChangeIn
) -> dict[str, Any]:
    point = _managed(request, point_id)
    if not roles.can_manage_staff(request.auth):
        raise PermissionDenied(_("Only the secretariat names mission administrators."))
    return focal_point(staff.set_administrator(point, payload.administers))


@router.delete(
    "/focal-points/{point_id}",
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Revoke a focal point (the account stays)",
)
def revoke_focal_point(request: HttpRequest, point_id: int) -> Status:
    staff.revoke_focal_point(_managed(request, point_id))
    return Status(204, None)
