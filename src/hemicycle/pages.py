"""Pages composed from several layers: a meeting's public page (its programme and the live floor),
the secretariat's programme editor (the programme and the floor's capacity), and a person's own
page (the account and the meetings). Each layer below keeps its own pages; only these need two."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hemicycle.accounts import roles
from hemicycle.accounts import views as accounts
from hemicycle.meetings import programme
from hemicycle.meetings.forms import ProgrammeFormSet
from hemicycle.meetings.models import meeting_or_404, visible_to
from hemicycle.meetings.secretariat import secretariat_only
from hemicycle.proceedings import labels, snapshot, store


def meeting(request: HttpRequest, slug: str) -> HttpResponse:
    found = meeting_or_404(slug, request.user)
    state = store.state_of(found)
    segments, version = programme.public_segments(found)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": found,
            "segments": segments,
            "version": version,
            "versions": found.versions.all(),
            "capacity": programme.capacity(found, segments, state),
            "documents": found.documents.prefetch_related("files"),
            "announcements": found.announcements.all()[:10],
            "head": snapshot.head(found, state),
            "speakers": snapshot.speakers(state),
            "labels": labels.as_dict(),
        },
    )


@secretariat_only
def programme_editor(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    formset = ProgrammeFormSet(
        request.POST or None,
        meeting=meeting,
        inscribed=programme.inscribed_for(state),
        prefix="segments",
    )
    if request.method == "POST" and "publish" in request.POST:
        try:
            version = programme.publish(meeting, final=request.POST["publish"] == "final")
        except programme.ProgrammeError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Version %(number)s of the programme is published.") % {"number": version.number},
            )
        return redirect("manage_programme", meeting.slug)
    if request.method == "POST" and formset.is_valid():
        formset.save_programme(roles.actor_of(request.user))
        messages.success(request, _("The programme is saved; publish it when it is ready."))
        return redirect("manage_programme", meeting.slug)
    return render(
        request,
        "meetings/manage/programme.html",
        {
            "meeting": meeting,
            "formset": formset,
            "tab": "programme",
            "versions": meeting.versions.all(),
            "unpublished": programme.unpublished(meeting),
            "capacity": programme.capacity(meeting, meeting.segments.all(), state),
        },
    )


def account(request: HttpRequest) -> HttpResponse:
    return accounts.me(request, meetings=visible_to(request.user))
