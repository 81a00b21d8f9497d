"""The secretariat's pages for a meeting: its facts and information note, its documents and its
announcements (the programme editor, which shows the floor's capacity, is composed in pages.py).
Views parse, call, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hemicycle.accounts import roles
from hemicycle.meetings import uploads
from hemicycle.meetings.forms import (
    AnnouncementForm,
    DocumentFileForm,
    DocumentForm,
    MeetingForm,
    attach,
    remove_file,
)
from hemicycle.meetings.models import Announcement, Document, meeting_or_404, visible_to

View = Callable[..., HttpResponse]


def secretariat_only(view: View) -> View:
    """Sign-in first; then only the secretariat (a chair or a focal point gets 403)."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.can_prepare_meeting(request.user):
            raise PermissionDenied(_("Only the secretariat prepares and convenes meetings."))
        return view(request, *args, **kwargs)

    return guarded


@secretariat_only
def meetings(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/manage/list.html", {"meetings": visible_to(request.user)})


@secretariat_only
def edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user) if slug else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        saved = form.save_meeting(roles.actor_of(request.user))
        messages.success(request, _("The meeting is saved."))
        return redirect("manage_meeting", saved.slug)
    return render(
        request,
        "meetings/manage/meeting.html",
        {"meeting": meeting, "form": form, "tab": "meeting"},
    )


@secretariat_only
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.register(meeting)
        messages.success(request, _("“%(title)s” is registered.") % {"title": document.title})
        return redirect("manage_documents", meeting.slug)
    return render(
        request,
        "meetings/manage/documents.html",
        {
            "meeting": meeting,
            "form": form,
            "tab": "documents",
            "documents": meeting.documents.prefetch_related("files"),
            "max_mb": uploads.max_bytes() // 1048576,
        },
    )


@secretariat_only
def document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    found = get_object_or_404(Document, meeting=meeting, pk=pk)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    form = DocumentForm(
        request.POST if posted == "document" else None, instance=found, prefix="doc"
    )
    file_form = DocumentFileForm(
        request.POST if posted == "file" else None,
        request.FILES if posted == "file" else None,
        document=found,
        prefix="file",
    )
    if posted == "remove":
        try:
            removed = remove_file(found, request.POST.get("language", ""))
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        else:
            if removed is not None:
                messages.success(
                    request, _("The file %(name)s is removed.") % {"name": removed.name}
                )
        return redirect("manage_document", meeting.slug, found.pk)
    if posted == "document" and form.is_valid():
        form.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": found.title})
        return redirect("manage_document", meeting.slug, found.pk)
    if posted == "file" and file_form.is_valid():
        data = file_form.cleaned_data
        attach(found, data["language"], data["upload"], file_form.checked)
        messages.success(request, _("The file is added."))
        return redirect("manage_document", meeting.slug, found.pk)
    return render(
        request,
        "meetings/manage/document.html",
        {
            "meeting": meeting,
            "document": found,
            "form": form,
            "file_form": file_form,
            "tab": "documents",
        },
    )


@secretariat_only
def announcements(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement: Announcement = form.save(commit=False)
        announcement.meeting = meeting
        announcement.save()
        messages.success(request, _("The announcement is published."))
        return redirect("manage_announcements", meeting.slug)
    return render(
        request,
        "meetings/manage/announcements.html",
        {
            "meeting": meeting,
            "form": form,
            "tab": "announcements",
            "announcements": meeting.announcements.all(),
        },
    )
