"""A person's own page (roles, delegations, API tokens), the delegations' focal points (the
secretariat's, and each mission administrator's own), their import from CSV, the members of the
secretariat, and the invitation link where an invited person sets the password."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hemicycle.accounts import importing, invitations, roles, staff, throttle
from hemicycle.accounts.forms import ImportForm, InviteForm, PersonForm, TokenForm
from hemicycle.accounts.models import ApiToken, FocalPoint, Officer
from hemicycle.delegations.models import Delegation


@login_required
def me(request: HttpRequest, meetings: Iterable[Any] = ()) -> HttpResponse:
    """A person's own page; `meetings` (given by the site, pages.py) are linked from it."""
    user = request.user
    new_secret = ""
    form = TokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token") or 0, user=user)
            if token.revoked_at is None:  # saved, not updated: the audit trail records it
                token.revoked_at = timezone.now()
                token.save(update_fields=["revoked_at"])
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
            "manages_focal_points": roles.can_manage_focal_points(user),
            "offices": Officer.objects.filter(user=user).select_related("meeting"),
        },
    )


def _focal_point(request: HttpRequest) -> FocalPoint:
    """The focal point a form names, if the caller manages its delegation's focal points."""
    point = get_object_or_404(
        FocalPoint.objects.select_related("user", "delegation"),
        pk=request.POST.get("focal_point") or 0,
    )
    if not roles.can_manage_focal_points(request.user, point.delegation.code):
        raise PermissionDenied(_("You manage only your own delegation's focal points."))
    return point


@login_required
def focal_points(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not roles.can_manage_focal_points(user):
        raise PermissionDenied(
            _("Only the secretariat and a delegation's mission administrators manage focal points.")
        )
    everyone = roles.can_manage_accounts(user)
    delegations = (
        Delegation.objects.all()
        if everyone
        else Delegation.objects.filter(code__in=roles.administered_by(user))
    )
    form = InviteForm(
        request.POST or None, delegations=delegations, may_name_administrators=everyone
    )
    if request.method == "POST":
        action = request.POST.get("action", "invite")
        if action != "invite":
            return _change_focal_point(request, action, _focal_point(request))
        code = request.POST.get("delegation", "")
        if code and not roles.can_manage_focal_points(user, code):
            raise PermissionDenied(_("You manage only your own delegation's focal points."))
        if form.is_valid():
            delegation = form.chosen_delegation()
            invited = invitations.invite_focal_point(
                form.cleaned_data["email"],
                form.cleaned_data["name"],
                delegation,
                staff.by_name(user),
                administers=bool(form.cleaned_data.get("administers")),
            )
            messages.success(
                request,
                _("%(email)s is a focal point of %(delegation)s; the invitation is on its way.")
                % {"email": invited.email, "delegation": delegation.localized_name()},
            )
            return redirect("focal_points")
    return render(
        request,
        "accounts/focal_points.html",
        {
            "form": form,
            "everyone": everyone,
            "focal_points": FocalPoint.objects.filter(delegation__in=delegations)
            .select_related("user", "delegation")
            .order_by("delegation__name", "user__email"),
        },
        status=422 if form.errors else 200,
    )


def _change_focal_point(request: HttpRequest, action: str, point: FocalPoint) -> HttpResponse:
    """Send the invitation again, revoke, or (the secretariat) name or unname the administrator."""
    who = {"email": point.user.email, "delegation": point.delegation.localized_name()}
    if action == "resend":
        invitations.send(point.user, point.delegation, staff.by_name(request.user))
        messages.success(request, _("The invitation is sent again to %(email)s.") % who)
    elif action == "revoke":
        staff.revoke_focal_point(point)
        messages.success(request, _("%(email)s no longer speaks for %(delegation)s.") % who)
    elif action == "administrator":
        if not roles.can_manage_staff(request.user):
            raise PermissionDenied(_("Only the secretariat names mission administrators."))
        administers = request.POST.get("administers") == "1"
        staff.set_administrator(point, administers)
        messages.success(
            request,
            (
                _("%(email)s administers the focal points of %(delegation)s.")
                if administers
                else _("%(email)s no longer administers the focal points of %(delegation)s.")
            )
            % who,
        )
    else:
        messages.error(request, _("Nothing was changed: unknown action."))
    return redirect("focal_points")


@login_required
def import_focal_points(request: HttpRequest) -> HttpResponse:
    """A CSV of focal points: previewed with an error per bad row; imported only when all are good."""
    if not roles.can_manage_staff(request.user):
        raise PermissionDenied(_("Only the secretariat imports focal points."))
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = importing.read(form.cleaned_data["csv"])
        if request.POST.get("action") == "import" and preview.valid:
            made = importing.import_rows(preview, staff.by_name(request.user))
            messages.success(
                request,
                _("%(n)s focal points are imported; their invitations are on their way.")
                % {"n": len(made)},
            )
            return redirect("focal_points")
    bad = form.errors or (preview is not None and not preview.valid)
    return render(
        request,
        "accounts/import.html",
        {"form": form, "preview": preview, "columns": importing.COLUMNS},
        status=422 if bad else 200,
    )


@login_required
def secretariat(request: HttpRequest) -> HttpResponse:
    """The members of the secretariat: appointed (an account is created and invited) and revoked."""
    if not roles.can_manage_staff(request.user):
        raise PermissionDenied(_("Only the secretariat appoints the secretariat."))
    form = PersonForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        member = get_object_or_404(User, pk=request.POST.get("user") or 0)
        try:
            staff.revoke_secretariat(member, request.user)
        except staff.StaffError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member of the secretariat.")
                % {"name": staff.name_of(member)},
            )
        return redirect("manage_staff")
    if request.method == "POST" and form.is_valid():
        member = staff.appoint_secretariat(
            form.cleaned_data["email"], form.cleaned_data["name"], request.user
        )
        messages.success(
            request,
            _("%(name)s is a member of the secretariat; the invitation is on its way.")
            % {"name": staff.name_of(member)},
        )
        return redirect("manage_staff")
    return render(
        request,
        "accounts/secretariat.html",
        {"form": form, "members": staff.secretariat_members()},
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
