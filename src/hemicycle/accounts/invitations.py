"""Invitations: the secretariat (or a mission administrator) creates a person's account; the person
sets the password by a link. Every invitation sent is announced by `signals.invitation_sent`, for
the audit trail.

The link carries a signed, dated token naming the account. It works once (an account that has a
password is no longer waiting for one) and for `INVITATION_DAYS` days; the secretariat can send
another.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from hemicycle.accounts.models import FocalPoint
from hemicycle.accounts.signals import invitation_sent
from hemicycle.delegations.models import Delegation

SALT = "hemicycle.accounts.invitation"
INVITATION_DAYS = 30


def site_url(path: str) -> str:
    return str(settings.HEMICYCLE_SITE_URL).rstrip("/") + path


def link(user: User) -> str:
    token = signing.dumps({"user": user.pk, "username": user.get_username()}, salt=SALT)
    return site_url(reverse("invitation", args=[token]))


def invited_user(token: str) -> User | None:
    """The account a still-valid invitation names, or None (forged, expired, or already used)."""
    try:
        data: dict[str, Any] = signing.loads(token, salt=SALT, max_age=INVITATION_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), username=data.get("username")).first()
    if user is None or user.has_usable_password() or not user.is_active:
        return None
    return user


def account_for(email: str, name: str = "") -> User:
    """The account of `email`: found by its address, or created without a password."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:  # an account named by the address but without it (created by hand)
        user = User.objects.filter(username__iexact=email[:150], email="").first()
    if user is None:
        user = User(username=email[:150], email=email, first_name=name[:150])
        user.set_unusable_password()
        user.save()
    return user


def send(user: User, delegation: Delegation, invited_by: str, template: str = "invitation") -> None:
    """E-mail the invitation link (only to an account still waiting for its password)."""
    _send(
        user,
        _("Hemicycle: your account for %(delegation)s") % {"delegation": delegation.name},
        template,
        {"delegation": delegation, "invited_by": invited_by},
        about=delegation.code,
    )


def send_staff(
    user: User, office: str, where: str, invited_by: str, meeting: int | None = None
) -> None:
    """E-mail a person made an officer of a meeting (`office`, `where`: its words) or a member of
    the secretariat: the link to set a password, or to sign in if they have one."""
    _send(
        user,
        _("Hemicycle: you are %(office)s") % {"office": office},
        "staff_invitation",
        {"office": office, "where": where, "invited_by": invited_by},
        about=f"{office} {where}".strip(),
        meeting=meeting,
    )


def _send(
    user: User,
    subject: str,
    template: str,
    context: dict[str, Any],
    about: str,
    meeting: int | None = None,
) -> None:
    context = {
        **context,
        "user": user,
        "link": link(user),
        "days": INVITATION_DAYS,
        "sign_in": site_url(reverse("login")),
        "has_password": user.has_usable_password(),
    }
    send_mail(
        subject, render_to_string(f"accounts/email/{template}.txt", context), None, [user.email]
    )
    invitation_sent.send(sender=User, user=user, about=about, meeting=meeting)


def invite_focal_point(
    email: str, name: str, delegation: Delegation, invited_by: str, *, administers: bool = False
) -> User:
    """Make `email` a focal point of `delegation` (its mission administrator, if `administers`)
    and send the invitation (or a notice, if the person already has an account)."""
    with transaction.atomic():
        user = account_for(email, name)
        point, created = FocalPoint.objects.get_or_create(
            user=user, delegation=delegation, defaults={"administers": administers}
        )
        if not created and administers and not point.administers:
            point.administers = True
            point.save(update_fields=["administers"])
    send(user, delegation, invited_by)
    return user
