"""The record as it happens: a page that follows the floor, the same record as CSV, and as the
webcast's chapters (WebVTT and a plain list); the secretariat sets the webcast's link here."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemicycle.accounts import roles
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import labels, store
from hemicycle.records import chapters, record
from hemicycle.records.models import Webcast


class WebcastForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("Webcast link"), max_length=500, assume_scheme="https")

    class Meta:
        model = Webcast
        fields = ["url", "starts_at"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


def webcast_of(meeting: Meeting) -> Webcast | None:
    return Webcast.objects.filter(meeting=meeting).first()


def _set_webcast(request: HttpRequest, meeting: Meeting) -> WebcastForm:
    if not roles.can_edit_outcome(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat sets the webcast's link."))
    form = WebcastForm(request.POST, instance=webcast_of(meeting) or Webcast(meeting=meeting))
    if form.is_valid():
        form.save()
        messages.success(request, _("The webcast's link is kept; each speech links to its moment."))
    return form


def record_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    form = None
    if request.method == "POST":
        form = _set_webcast(request, meeting)
        if form.is_valid():
            return redirect("record", slug)
    state = store.state_of(meeting)
    rows = record.local_rows(state, meeting.tz)
    webcast = webcast_of(meeting)
    if webcast is not None:
        for row, chapter in zip(rows, chapters.of(state, webcast.starts_at), strict=True):
            row["moment"] = webcast.at(chapter.start_s)
    context: dict[str, Any] = {
        "meeting": meeting,
        "rows": rows,
        "seq": state.seq,
        "segments": {s.key: s.title for s in meeting.segments.all()},
        "totals": record.totals(rows),
        "labels": labels.as_dict(),
        "webcast": webcast,
    }
    if roles.can_edit_outcome(request.user, meeting):
        context["webcast_form"] = form or WebcastForm(instance=webcast)
    return render(request, "records/record.html", context)


def record_csv(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    response = HttpResponse(
        record.as_csv(state, meeting.tz), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-record.csv"'
    return response


def _chapters(meeting: Meeting) -> list[chapters.Chapter]:
    webcast = webcast_of(meeting)
    return chapters.of(store.state_of(meeting), webcast.starts_at if webcast else None)


def chapters_vtt(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    response = HttpResponse(
        chapters.as_webvtt(_chapters(meeting)), content_type="text/vtt; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"  # a player on the webcast's site may load it
    return response


def chapters_txt(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    return HttpResponse(
        chapters.as_text(_chapters(meeting)), content_type="text/plain; charset=utf-8"
    )
