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
    duration = sum(r["duration_s"] for r in rows)
    overrun = sum(r["overrun_s"] for r in rows)
    return render(
        request,
        "records/record.html",
        {
            "meeting": meeting,
            "rows": rows,
            "seq": state.seq,
            "segments": {s.key: s.title for s in meeting.segments.all()},
            "totals": {
                "speeches": len(rows),
                "duration_s": duration,
                "overrun_s": overrun,
                "overruns": sum(1 for r in rows if r["overrun_s"] > 0),
            },
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
