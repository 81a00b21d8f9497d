"""A person's own page (roles, delegations, API tokens), the secretariat's focal points, and the
invitation link where an invited person sets the password."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hemicycle.accounts import invitations, roles, throttle
from hemicycle.accounts.forms import InviteForm, TokenForm
from hemicycle.accounts.models import ApiToken, FocalPoint


@login_required
def me(request: HttpRequest, meetings: Iterable[Any] = ()) -> HttpResponse:
    """A person's own page; `meetings` (given by the site, pages.py) are linked from it."""
    user = request.user
    new_secret = ""
    form = TokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token") or 0, user=user)
            if token.revoked_at is None:
                ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
            messages.success(
                request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix}
            )
            return redirect("me")
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, new_secret = ApiToken.issue(user, form.cleaned_data["name"])
            form = TokenForm()
    return render(
        request,
        "accounts/me.html",
        {
            "role": roles.LABELS[roles.role_of(user)],
            "focal_points": FocalPoint.objects.filter(user=user).select_related("delegation"),
            "tokens": ApiToken.objects.filter(user=user),
            "form": form,
            "new_secret": new_secret,
            "meetings": meetings,
            "secretariat": roles.can_manage_accounts(user),
        },
    )


@login_required
def focal_points(request: HttpRequest) -> HttpResponse:
    if not roles.can_manage_accounts(request.user):
        raise PermissionDenied(_("Only the secretariat manages delegations' accounts."))
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "resend":
            point = get_object_or_404(FocalPoint, pk=request.POST.get("focal_point") or 0)
            invitations.send(point.user, point.delegation, request.user.get_username())
            messages.success(
                request,
                _("The invitation is sent again to %(email)s.") % {"email": point.user.email},
            )
            return redirect("focal_points")
        if form.is_valid():
            delegation = form.chosen_delegation()
            user = invitations.invite_focal_point(
                form.cleaned_data["email"],
                form.cleaned_data["name"],
                delegation,
                request.user.get_username(),
            )
            messages.success(
                request,
                _("%(email)s is a focal point of %(delegation)s; the invitation is on its way.")
                % {"email": user.email, "delegation": delegation.localized_name()},
            )
            return redirect("focal_points")
    return render(
        request,
        "accounts/focal_points.html",
        {
            "form": form,
            "focal_points": FocalPoint.objects.select_related("user", "delegation").order_by(
                "delegation__name", "user__email"
            ),
        },
        status=422 if form.errors else 200,
    )


@throttle.limited("invitation", "HEMICYCLE_INVITATION_TRIES_PER_HOUR", 3600)
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    user = invitations.invited_user(token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set; you are signed in."))
        return redirect("me")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invited": user},
        status=422 if form.errors else 200,
    )
