"""Invitations: the secretariat creates a person's account; the person sets the password by a link.

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
    if user is None:
        user = User(username=email[:150], email=email, first_name=name[:150])
        user.set_unusable_password()
        user.save()
    return user


def send(user: User, delegation: Delegation, invited_by: str, template: str = "invitation") -> None:
    """E-mail the invitation link (only to an account still waiting for its password)."""
    context = {
        "user": user,
        "delegation": delegation,
        "invited_by": invited_by,
        "link": link(user),
        "days": INVITATION_DAYS,
        "sign_in": site_url(reverse("login")),
        "has_password": user.has_usable_password(),
    }
    send_mail(
        _("Hemicycle: your account for %(delegation)s") % {"delegation": delegation.name},
        render_to_string(f"accounts/email/{template}.txt", context),
        None,
        [user.email],
    )


def invite_focal_point(email: str, name: str, delegation: Delegation, invited_by: str) -> User:
    """Make `email` a focal point of `delegation` and send the invitation (or a notice, if the
    person already has an account)."""
    with transaction.atomic():
        user = account_for(email, name)
        FocalPoint.objects.get_or_create(user=user, delegation=delegation)
    send(user, delegation, invited_by)
    return user
