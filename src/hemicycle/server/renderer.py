"""A render process of server/renderings.py: Django set up as in the server, at a lower priority,
running Django's own view of a document's path. Nothing of Django is imported before `start`
(a spawned process imports this module first)."""

import io
import os
from typing import Any

KEPT = ("content-type", "content-disposition", "content-language")


def start() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    django.setup(set_prefix=False)
    os.nice(10)


def render(scope: dict[str, Any], language: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Django's own view of the path, run as the fast path runs its operation, for a reader
    without an account."""
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.handlers.asgi import ASGIRequest
    from django.db import close_old_connections
    from django.http import Http404, HttpResponse
    from django.urls import resolve
    from django.utils import translation

    try:
        request = ASGIRequest(scope, io.BytesIO(b""))
        request.user = AnonymousUser()
        view = resolve(scope["path"], settings.ROOT_URLCONF)
        with translation.override(language):
            try:
                answer = view.func(request, *view.args, **view.kwargs)
            except Http404:
                answer = HttpResponse(status=404)
        assert isinstance(answer, HttpResponse)
        answer["Content-Language"] = language
        headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.items()
            if k.lower() in KEPT
        ]
        return answer.status_code, headers, answer.content
    finally:
        close_old_connections()
