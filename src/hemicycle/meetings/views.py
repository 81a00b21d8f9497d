"""The public pages of a meeting: the list of meetings and a meeting's page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import labels, snapshot, store


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/home.html", {"meetings": Meeting.objects.all()})


def meeting(request: HttpRequest, slug: str) -> HttpResponse:
    found = meeting_or_404(slug)
    state = store.state_of(found)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": found,
            "segments": found.segments.all(),
            "documents": found.documents.all(),
            "head": snapshot.head(found, state),
            "speakers": snapshot.speakers(state),
            "labels": labels.as_dict(),
        },
    )
