"""The floor's pages: the live list (a fragment the public page refreshes), the chair console and
the room display. They render the floor's JSON; every change goes through the API."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hemicycle.accounts import roles
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import forecast_api, labels, snapshot, store


def speakers(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    etag = f'"{state.list_seq}-{get_language()}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = render(
        request,
        "proceedings/speakers.html",
        {
            "meeting": meeting,
            "speakers": snapshot.speakers(state),
            "head": snapshot.head(meeting, state),
            "labels": labels.as_dict(),
        },
    )
    response["ETag"] = etag
    return response


@login_required
def console(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    if not roles.can_run_floor(request.user, meeting):
        raise PermissionDenied(_("Only the chair and the secretariat may run the floor."))
    state = store.state_of(meeting)
    return render(
        request,
        "proceedings/console.html",
        {
            "meeting": meeting,
            "segments": meeting.segments.all(),
            "head": snapshot.head(meeting, state),
            "speakers": snapshot.speakers(state),
            "labels": labels.as_dict(),
        },
    )


def display(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    return render(
        request,
        "proceedings/display.html",
        {
            "meeting": meeting,
            "head": snapshot.head(meeting, state),
            "labels": labels.as_dict(),
            "programme": [
                {
                    "key": s.key,
                    "kind": s.kind,
                    "title": s.title,
                    "starts": s.starts.strftime("%H:%M"),
                }
                for s in meeting.segments.all()
            ],
        },
    )


def delegates(request: HttpRequest, slug: str) -> HttpResponse:
    """The delegates' view: the live list with each speaker's expected start and chance of being
    heard; a signed-in focal point sees their delegation's place."""
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    mine = roles.delegations_of(request.user)
    return render(
        request,
        "proceedings/delegates.html",
        {
            "meeting": meeting,
            "head": snapshot.head(meeting, state),
            "forecast": forecast_api.forecast_json(meeting, state, timezone.now(), mine),
            "labels": labels.as_dict(),
            "mine": sorted(mine),
            "signed_in": request.user.is_authenticated,
        },
    )
