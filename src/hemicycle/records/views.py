"""The record as it happens: a page that follows the floor, and the same record as CSV."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import labels, store
from hemicycle.records import record


def record_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug)
    state = store.state_of(meeting)
    rows = record.local_rows(state, meeting.tz)
    return render(
        request,
        "records/record.html",
        {
            "meeting": meeting,
            "rows": rows,
            "seq": state.seq,
            "segments": {s.key: s.title for s in meeting.segments.all()},
            "totals": record.totals(rows),
            "labels": labels.as_dict(),
        },
    )


def record_csv(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug)
    state = store.state_of(meeting)
    response = HttpResponse(
        record.as_csv(state, meeting.tz), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-record.csv"'
    return response
