"""Cross-cutting HTTP behaviour: the Content-Security-Policy, how Django serves a request under
ASGI, and the static files."""

import zoneinfo
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from servestatic.asgi import ServeStaticASGI

# No inline script or style anywhere: every script is a file under /static/.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self' data:; font-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response


class MeetingTimeZoneMiddleware:
    """A page about a meeting shows and reads its times in the meeting's time zone (the
    announcements' dates, the programme's versions, every form's date and time), so that no page
    mixes UTC with the meeting's own time. The API keeps UTC with offsets and skips the look-up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        slug = kwargs.get("slug")
        if not slug or request.path.startswith("/api/"):
            return
        from hemicycle.meetings.models import Meeting  # this module loads before the apps

        zone = Meeting.objects.filter(slug=slug).values_list("timezone", flat=True).first()
        if not zone:
            return
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return  # the meeting's form refuses an unknown zone; an older one stays in UTC


class OneThreadHandler(ASGIHandler):
    """Django's ASGI handler, with a request's whole middleware chain and its view in one thread.

    Every view and middleware here is synchronous. Django's stock handler chains the middleware
    for async and runs each synchronous step in a worker thread of its own: seventeen trips
    between the event loop and a thread for one chair's command. Each trip waits its turn on the
    loop, which at a thousand live subscribers is busy writing their frames, so the command
    reached the floor late (docs/performance.md, "Chair action to live subscribers"). Chained
    for sync, the request makes one trip: to a thread, through the middleware and the view, and
    back."""

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> Any:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def _security_headers(headers: Any, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def static_files(app: Any) -> ServeStaticASGI:
    """`/static/…` served before Django by ServeStatic's ASGI app, from wherever Django's finders
    find the files (the pages' own, the admin's, the API docs'); everything else goes to `app`.
    Where two finders hold the same path, the first wins, as in Django."""
    served = ServeStaticASGI(
        app,
        autorefresh=settings.DEBUG,
        max_age=0 if settings.DEBUG else 60,
        add_headers_function=_security_headers,
    )
    prefix = settings.STATIC_URL.strip("/")
    for finder in reversed(list(finders.get_finders())):
        for storage in reversed(list(getattr(finder, "storages", {}).values())):
            sub = (getattr(storage, "prefix", None) or "").strip("/")
            served.add_files(storage.location, prefix="/".join(p for p in (prefix, sub) if p))
    return served
