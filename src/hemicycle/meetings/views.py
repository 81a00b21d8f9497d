"""The public files of a meeting and the list of meetings: its documents' files, its iCalendar
files (its page, which shows the live floor, is composed in pages.py; its feed is feeds.py)."""

import hashlib

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from hemicycle.meetings import calendar, programme
from hemicycle.meetings.models import DocumentFile, meeting_or_404, visible_to


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/home.html", {"meetings": visible_to(request.user)})


def document_file(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    """A document's file, sent only if it still matches the checksum recorded at upload."""
    meeting = meeting_or_404(slug, request.user)
    stored = get_object_or_404(
        DocumentFile, document__meeting=meeting, document__pk=pk, language=language
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(
            _(
                "The file of this document is missing; the secretariat has been told to upload it again."
            )
        ) from None
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 16), b""):
        digest.update(chunk)
    if digest.hexdigest() != stored.sha256:
        handle.close()
        return HttpResponse(
            _(
                "This file does not match its recorded checksum and is withheld; the secretariat must upload it again."
            ),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type=stored.content_type
    )
    response["Digest"] = f"sha-256={stored.sha256}"
    response["X-Checksum-SHA256"] = stored.sha256
    return response


def meeting_ics(request: HttpRequest, slug: str) -> HttpResponse:
    found = meeting_or_404(slug, request.user)
    return _ics(calendar.for_meeting(found, request), f"{found.slug}.ics")


def segment_ics(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    found = meeting_or_404(slug, request.user)
    segments, _version = programme.public_segments(found)
    segment = next((s for s in segments if s.key == key), None)
    if segment is None:
        raise Http404(_("The programme of this meeting has no segment “%(key)s”.") % {"key": key})
    return _ics(calendar.for_segment(found, segment, request), f"{found.slug}-{key}.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
