"""The chair's summary in the browser: the secretariat tags each speech with its themes (with the
suggestions), picks quotes, drafts the summary, edits it and exports it as DOCX or PDF; the Journal's
account of the meeting is public."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.apikit import refusal_text
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.outcome import exports, summary
from hemicycle.outcome.models import ThemeTag


def _editor(request: HttpRequest, slug: str) -> Meeting:
    meeting = meeting_or_404(slug, request.user)
    if not roles.can_edit_outcome(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat drafts the chair's summary."))
    return meeting


@login_required
def tags_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _editor(request, slug)
    listed = summary.themes_of(meeting)
    if request.method == "POST":
        entry = int(request.POST.get("entry") or 0)
        chosen = {
            theme: request.POST.get(f"quote-{i}", "")
            for i, theme in enumerate(listed)
            if request.POST.get(f"theme-{i}")
        }
        try:
            summary.tag(meeting, entry, chosen, roles.actor_of(request.user))
        except floor.FloorError as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            messages.success(request, _("The themes of the speech are kept."))
            return redirect(f"{request.path}#speech-{entry}")
    given = summary.speeches(meeting)
    suggested = summary.suggestions(meeting, given)
    tags: dict[int, dict[str, str]] = {}
    for t in ThemeTag.objects.filter(meeting=meeting):
        tags.setdefault(t.entry, {})[t.theme] = t.quote
    rows: list[dict[str, Any]] = [
        {
            "speech": s,
            "themes": [
                {
                    "index": i,
                    "theme": theme,
                    "checked": theme in tags.get(s.entry, {}),
                    "suggested": theme in suggested.get(s.entry, []),
                    "quote": tags.get(s.entry, {}).get(theme, ""),
                }
                for i, theme in enumerate(listed)
            ],
        }
        for s in given
    ]
    return render(
        request,
        "outcome/tags.html",
        {"meeting": meeting, "rows": rows, "themes": listed},
    )


@login_required
def summary_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _editor(request, slug)
    kept = summary.of(meeting)
    if request.method == "POST":
        actor = roles.actor_of(request.user)
        if request.POST.get("action") == "draft" or kept is None:
            summary.draft(meeting, actor)
            messages.success(request, _("The draft is made again from the record and the themes."))
        else:
            kept.opening = request.POST.get("opening", "")[:20_000]
            kept.way_forward = request.POST.get("way_forward", "")[:20_000]
            kept.sections = [
                {**section, "text": request.POST.get(f"section-{i}", "")[:20_000]}
                for i, section in enumerate(kept.sections)
            ]
            kept.updated_by = actor
            kept.save()
            messages.success(request, _("The summary is kept."))
        return redirect("summary", slug)
    return render(
        request,
        "outcome/summary.html",
        {"meeting": meeting, "summary": kept, "themes": summary.themes_of(meeting)},
    )


def _export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    meeting = _editor(request, slug)
    try:
        ready = summary.ready_for_export(summary.of(meeting))
    except floor.FloorError as refusal:
        messages.error(request, refusal_text(refusal))
        return redirect("summary", slug)
    if kind == "docx":
        data = exports.as_docx(meeting, ready)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = exports.as_pdf(meeting, ready)
        content_type = "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-summary.{kind}"'
    return response


@login_required
def summary_docx(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "docx")


@login_required
def summary_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "pdf")


def journal_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    return render(
        request,
        "outcome/journal.html",
        {"meeting": meeting, "segments": summary.journal(meeting)},
    )
