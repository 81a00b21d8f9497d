"""Appointing people: a meeting's officers, the members of the secretariat, a delegation's focal
points. Pages and the API ask `roles` whether the caller may, then call these; each change is a
saved row (or a group membership), which the audit trail records with the caller."""

from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemicycle.accounts import invitations, roles
from hemicycle.accounts.models import FocalPoint, Office, Officer


class StaffError(ValueError):
    """A change that would leave things wrong, said in words the caller can act on."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def name_of(user: Any) -> str:
    """How a person is named to the staff who manage them: their name and e-mail."""
    name = (user.get_full_name() or "").strip()
    email = user.email or user.get_username()
    return f"{name} <{email}>" if name else email


# --- a meeting's officers ------------------------------------------------------------------------

OFFICE_WORDS = {  # "… has made you a presiding officer in Hemicycle (the meeting)"
    Office.PRESIDING: gettext_lazy("a presiding officer"),
    Office.SECRETARY: gettext_lazy("a secretary of the meeting"),
}


def appoint(meeting: Any, email: str, name: str, office: str, by: Any) -> Officer:
    """Make the person of `email` an officer of `meeting` (an account is created and invited if
    there is none), or change the office they hold there."""
    if office not in Office.values:
        raise StaffError(_("The office is “presiding” or “secretary”."))
    with transaction.atomic():
        user = invitations.account_for(email, name)
        officer = Officer.objects.filter(meeting_id=meeting.pk, user=user).first()
        if officer is not None:
            return change_office(officer, office)
        officer = Officer.objects.create(meeting_id=meeting.pk, user=user, office=office)
    invitations.send_staff(
        user, str(OFFICE_WORDS[office]), str(meeting), by_name(by), meeting=meeting.pk
    )
    return officer


def change_office(officer: Officer, office: str) -> Officer:
    if office not in Office.values:
        raise StaffError(_("The office is “presiding” or “secretary”."))
    if officer.office != office:
        officer.office = office
        officer.save(update_fields=["office"])
    return officer


def revoke(officer: Officer) -> None:
    """The person no longer holds an office in the meeting (their account stays)."""
    officer.delete()


# --- the secretariat ------------------------------------------------------------------------------


def secretariat_group() -> Group:
    return Group.objects.get_or_create(name=roles.SECRETARIAT)[0]


def secretariat_members() -> list[User]:
    return list(secretariat_group().user_set.order_by("email", "username"))


def appoint_secretariat(email: str, name: str, by: Any) -> User:
    """Make the person of `email` a member of the secretariat (it administers every meeting)."""
    with transaction.atomic():
        user = invitations.account_for(email, name)
        user.groups.add(secretariat_group())
    invitations.send_staff(user, _("a member of the secretariat"), "", by_name(by))
    return user


def revoke_secretariat(user: User, by: Any) -> None:
    """Take the secretariat's role from `user`: never one's own (someone else must), so that the
    secretariat is never left without a member."""
    if user.pk == getattr(by, "pk", None):
        raise StaffError(
            _("You cannot take the secretariat's role from yourself; ask another member."),
            "conflict",
        )
    group = secretariat_group()
    if not group.user_set.filter(pk=user.pk).exists():
        raise StaffError(
            _("%(name)s is not a member of the secretariat.") % {"name": name_of(user)},
            "not_found",
        )
    user.groups.remove(group)


# --- a delegation's focal points ------------------------------------------------------------------


def revoke_focal_point(point: FocalPoint) -> None:
    """The person no longer speaks for the delegation (their account stays)."""
    point.delete()


def set_administrator(point: FocalPoint, administers: bool) -> FocalPoint:
    if point.administers != administers:
        point.administers = administers
        point.save(update_fields=["administers"])
    return point


def by_name(by: Any) -> str:
    """Who sent an invitation, as its e-mail says."""
    if not getattr(by, "is_authenticated", False):
        return _("The secretariat")
    return str((by.get_full_name() or "").strip() or by.get_username())
