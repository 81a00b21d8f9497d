"""How often one client may try what a stranger can try: signing in (django-axes counts the
failures, by address and by account), opening an invitation link, applying to speak.

The client is the connection's address: uvicorn has already taken it from nginx's
X-Forwarded-For when the request came through the proxy on 127.0.0.1, and a header sent by the
client itself is never read here. The counts of the invitation and the application are kept in
each process's memory (Django's cache), so with N workers a client gets up to N times the limit."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE)."""
    return str(request.META.get("REMOTE_ADDR", ""))


def refused(request: HttpRequest, wait_s: int) -> HttpResponse:
    minutes = max(1, round(wait_s / 60))
    response = render(
        request,
        "registration/locked.html",
        {"minutes": minutes, "reason": _("Too many attempts from your address.")},
        status=429,
    )
    response["Retry-After"] = str(wait_s)
    return response


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """What django-axes answers once sign-in is locked: 429, and when to try again."""
    return refused(request, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def limited(scope: str, limit_setting: str, window_s: int) -> Callable[..., Any]:
    """A view that answers 429 to a client past `limit` POSTs (or, for `GET`-able tokens, any
    request) in `window_s` seconds; `limit_setting` names the setting that holds the limit."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if scope == "apply" and request.method != "POST":
                return view(request, *args, **kwargs)
            key = f"throttle:{scope}:{client_address(request)}"
            now = time.time()
            recent = [t for t in cache.get(key, []) if t > now - window_s]
            if len(recent) >= int(getattr(settings, limit_setting)):
                return refused(request, int(recent[0] + window_s - now) + 1)
            cache.set(key, [*recent, now], window_s)
            return view(request, *args, **kwargs)

        return throttled

    return decorate
