"""The secretariat's page of the audit trail, meeting by meeting."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hemicycle.accounts import roles
from hemicycle.audit import trail
from hemicycle.meetings.models import Meeting, meeting_or_404

PER_PAGE = 100


@login_required
def trail_page(request: HttpRequest) -> HttpResponse:
    if not roles.can_read_audit(request.user):
        raise PermissionDenied(_("Only the secretariat reads the audit trail."))
    slug = request.GET.get("meeting", "")
    meeting = meeting_or_404(slug, request.user) if slug else None
    page = Paginator(trail.entries(meeting), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {
            "meeting": meeting,
            "tab": "audit",
            "meetings": Meeting.objects.all(),
            "page": page,
            "entries": [trail.described(entry) for entry in page],
        },
    )
