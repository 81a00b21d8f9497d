"""A meeting's officers, on the secretariat's pages: its presiding officers and secretaries,
appointed (an account is created and invited if need be), moved from one office to the other, and
revoked. The rules are in accounts (`roles`, `staff`); this page parses, calls, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hemicycle.accounts import roles, staff
from hemicycle.accounts.forms import OfficerForm
from hemicycle.accounts.models import Officer
from hemicycle.meetings.models import meeting_or_404


@login_required
def officers(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    if not roles.can_manage_staff(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat appoints a meeting's officers."))
    form = OfficerForm(request.POST or None)
    action = request.POST.get("action", "appoint") if request.method == "POST" else ""
    if action in ("office", "revoke"):
        officer = get_object_or_404(
            Officer.objects.select_related("user"),
            meeting=meeting,
            pk=request.POST.get("officer") or 0,
        )
        who = {"name": staff.name_of(officer.user)}
        if action == "revoke":
            staff.revoke(officer)
            messages.success(request, _("%(name)s no longer holds an office here.") % who)
        else:
            try:
                staff.change_office(officer, request.POST.get("office", ""))
            except staff.StaffError as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    _("%(name)s is now %(office)s.")
                    % {**who, "office": staff.OFFICE_WORDS[officer.office]},
                )
        return redirect("manage_officers", meeting.slug)
    if action == "appoint" and form.is_valid():
        officer = staff.appoint(
            meeting,
            form.cleaned_data["email"],
            form.cleaned_data["name"],
            form.cleaned_data["office"],
            request.user,
        )
        messages.success(
            request,
            _("%(name)s is %(office)s of this meeting.")
            % {"name": staff.name_of(officer.user), "office": staff.OFFICE_WORDS[officer.office]},
        )
        return redirect("manage_officers", meeting.slug)
    return render(
        request,
        "meetings/manage/officers.html",
        {
            "meeting": meeting,
            "tab": "staff",
            "form": form,
            "officers": Officer.objects.filter(meeting=meeting).select_related("user"),
            "offices": staff.OFFICE_WORDS,
        },
        status=422 if form.errors else 200,
    )
