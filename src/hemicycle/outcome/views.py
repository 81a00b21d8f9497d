"""The outcome's pages: the statements as delivered (and the secretariat's withholding), the
participation figures with their charts, as CSV and JSON."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.apikit import refusal_text
from hemicycle.delegations.models import RegionalGroup
from hemicycle.inscription import statements as files
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.outcome import publication, search, series, statistics
from hemicycle.outcome.models import Publication, Series, ThemeTag
from hemicycle.proceedings import labels


def _edit(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """The secretariat's withholding and release of a statement (any language version of it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.can_edit_outcome(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat withholds or releases a statement."))
    publication.sync(meeting)
    entry = int(request.POST.get("entry") or 0)
    rows = Publication.objects.filter(meeting=meeting, entry=entry)
    if not rows.exists():
        raise Http404(_("There is no statement for request %(entry)s.") % {"entry": entry})
    try:
        for row in rows:
            if request.POST.get("action") == "release":
                publication.release(row)
            else:
                publication.withhold(
                    row, request.POST.get("reason", ""), roles.actor_of(request.user)
                )
    except floor.FloorError as refusal:
        messages.error(request, refusal_text(refusal))
        return None
    messages.success(request, _("The statement's publication is changed."))
    return redirect("statements", meeting.slug)


def statements_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    if request.method == "POST":
        done = _edit(request, meeting)
        if done is not None:
            return done
    items = publication.in_order(meeting, request.user)
    for item in items:
        item["status"] = publication.status(item["versions"][0])
        for version in item["versions"]:
            version.language_name = labels.LANGUAGES.get(version.language, version.language)
    return render(
        request,
        "outcome/statements.html",
        {
            "meeting": meeting,
            "items": items,
            "may_edit": roles.can_edit_outcome(request.user, meeting),
        },
    )


def statement_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    meeting = meeting_or_404(slug, request.user)
    publication.sync(meeting)
    rows = Publication.objects.filter(meeting=meeting, pk=pk).select_related("statement")
    row = publication.visible_to(request.user, rows, meeting).first()
    if row is None or not row.statement.path.exists():
        raise Http404(_("This statement is not published."))
    return FileResponse(
        row.statement.path.open("rb"),
        as_attachment=False,
        filename=row.statement.filename,
        content_type=files.CONTENT_TYPES[row.statement.kind],
    )


def statistics_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    if request.method == "POST":
        return _set_series(request, meeting)
    figures = statistics.of_meeting(meeting)
    return render(
        request,
        "outcome/statistics.html",
        {
            "meeting": meeting,
            "headline": statistics.headline(figures),
            "charts": statistics.charts(figures),
            **_series_context(meeting, figures),
            "all_series": Series.objects.all()
            if roles.can_edit_outcome(request.user, meeting)
            else None,
            "in_series": meeting.series.first(),  # type: ignore[attr-defined]
        },
    )


def _series_context(meeting: Meeting, figures: Any) -> dict[str, Any]:
    return series.placing(meeting, figures)


def _set_series(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.can_edit_outcome(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat places a meeting in a series."))
    chosen = Series.objects.filter(slug=request.POST.get("series", "")).first()
    meeting.series.clear()  # type: ignore[attr-defined]
    if chosen is not None:
        chosen.meetings.add(meeting)
    messages.success(request, _("The meeting's series is kept."))
    return redirect("statistics", meeting.slug)


def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    response = HttpResponse(
        statistics.as_csv(statistics.of_meeting(meeting)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-statistics.csv"'
    return response


def statistics_json(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    data: dict[str, Any] = {
        "meeting": meeting.slug,
        **statistics.of_meeting(meeting).as_json(),
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")


PAGE = 20


def filters_of(params: Any) -> search.Filters:
    flag = params.get("group_statement", "")
    return search.Filters(
        meeting=params.get("meeting", "")[:60],
        delegation=params.get("delegation", "")[:20],
        regional_group=params.get("regional_group", "")[:20],
        group_statement={"yes": True, "no": False}.get(flag),
        theme=params.get("theme", "")[:300],
        language=params.get("language", "")[:10],
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    filters = filters_of(request.GET)
    number = request.GET.get("page", "1")
    page = max(1, min(int(number), 500)) if number.isdigit() else 1
    context: dict[str, Any] = {
        "query": query,
        "filters": filters,
        "meetings": Meeting.objects.filter(publications__isnull=False).distinct(),
        "groups": RegionalGroup.choices,
        "themes": sorted(set(ThemeTag.objects.values_list("theme", flat=True))),
        "languages": labels.LANGUAGES,
        "params": _without_page(request),
    }
    status = 200
    if query:
        try:
            words = search.words_of(query)
            total, hits = search.search(
                request.user, query, filters, limit=PAGE, offset=(page - 1) * PAGE
            )
            context |= {
                "total": min(total, search.COUNT_UP_TO),
                "more_than_total": total > search.COUNT_UP_TO,
                "hits": [(hit, search.marked(hit.snippet, words)) for hit in hits],
                "page": page,
                "more": total > page * PAGE,
            }
        except floor.FloorError as refusal:
            context["error"] = refusal_text(refusal)
            status = 400
    return render(request, "outcome/search.html", context, status=status)
