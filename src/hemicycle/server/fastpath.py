"""`POST /api/v1/meetings/{slug}/speakers` in a rush: the API's own operation, run as one of the
writer's commands straight from the event loop, without Django's request path.

At the opening second a thousand focal points send their request to speak at once. Through Django
each costs a thread, the middleware, and a dozen queries on a fresh connection; here the event loop
reads the request's small JSON body and hands it to the writer (proceedings/writer.py) with an
asyncio future, and no thread waits for it. The writer's batch looks up all its callers' tokens,
accounts, roles, meetings and delegations in a few queries (`Call.prepare`), then answers each
request by running the very operation Django would (django-ninja's: the token, the body's schema,
the view, the answer's schema and the API's error handlers) on a request built from the same ASGI
scope. So the answer is Django's, byte for byte in its body, status and headers
(tests/inscription/test_fastpath.py compares them on a served server).

Only what the fast path can answer exactly as Django does comes here: a POST with a JSON body of a
declared length, a bearer token and no cookie (a session needs Django's session and CSRF
machinery). Everything else, a statement file, a signed-in page, another method, goes to Django.
`HEMICYCLE_FAST_PATH=0` sends everything to Django; so does a failed check at start (`usable`).
"""

import asyncio
import contextlib
import functools
import io
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hemicycle.accounts import auth
from hemicycle.accounts.models import ApiToken, digest
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import batch as batches
from hemicycle.proceedings import writer
from hemicycle.proceedings.batch import Batch

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)
PATH = re.compile(r"^/api/v1/meetings/(?P<slug>[^/]+)/speakers$")


def _headers(scope: Scope) -> dict[bytes, bytes] | None:
    """The request's headers, or None if one is repeated (Django would join them)."""
    found: dict[bytes, bytes] = {}
    for name, value in scope.get("headers", ()):
        if name in found:
            return None
        found[name] = value
    return found


def eligible(scope: Scope) -> ResolverMatch | None:
    """Django's view of the request (django-ninja's, for the path's operations) if the fast path
    answers this request exactly as Django would."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    match = PATH.match(scope["path"])
    headers = _headers(scope)
    if match is None or headers is None:
        return None
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    authorization = headers.get(b"authorization", b"")
    length = headers.get(b"content-length", b"")
    host = headers.get(b"host", b"")
    if (
        content_type != b"application/json"
        or authorization[:7].lower() != b"bearer "
        or b"cookie" in headers
        or b"transfer-encoding" in headers
        or not length.isdigit()
        or not _host_allowed(host, tuple(settings.ALLOWED_HOSTS))
    ):
        return None
    return _view_of(scope["path"], settings.ROOT_URLCONF)


def _secret_of(authorization: bytes) -> str:
    return " ".join(authorization.decode("latin-1").split(" ")[1:])


async def _token_issued(scope: Scope) -> bool:
    """Whether the request's bearer token is one that was issued and not revoked, before its body
    is read: from what the process knows, or (a token issued in the last seconds) the database."""
    secret = _secret_of((_headers(scope) or {}).get(b"authorization", b""))
    if auth.maybe_issued(secret):
        return True
    return bool(await sync_to_async(auth.issued)(secret))


async def keep_tokens_known() -> None:
    """Read the active tokens' digests now and every 30 s (a token issued meanwhile takes Django's
    path until then, with the same answer)."""
    while True:
        try:
            await sync_to_async(auth.read_issued)()
        except Exception:  # the database is away: keep the last reading
            log.warning("could not read the API tokens", exc_info=True)
        await asyncio.sleep(auth.KEEP_S)


@functools.lru_cache(maxsize=256)
def _host_allowed(header: bytes, allowed: tuple[str, ...]) -> bool:
    """Django's check of the Host header (a server is asked under few names)."""
    host = split_domain_port(header.decode("latin-1"))[0]
    return bool(host) and validate_host(host, allowed)


@functools.lru_cache(maxsize=256)
def _view_of(path: str, urlconf: str) -> ResolverMatch | None:
    """Django's view of a path (resolving it costs more than the rest of the request's reading);
    the path names a meeting, so there are few."""
    try:
        return resolve(path, urlconf)
    except Resolver404:
        return None


class Answered(Exception):
    """A refusal, already worded by the API's error handlers: the writer rolls back the command's
    savepoint and the event loop sends the answer."""

    def __init__(self, answer: HttpResponse) -> None:
        super().__init__(answer.status_code)
        self.answer = answer


class Call:
    """One request to speak, answered in the writer's batch by the API's operation."""

    def __init__(self, scope: Scope, body: bytes, view: ResolverMatch) -> None:
        self.scope = scope
        self.body = body
        self.view = view
        self.token: tuple[str, ApiToken | None] | None = None  # (digest, token) looked up

    def _secret(self) -> str:
        headers = _headers(self.scope) or {}
        return _secret_of(headers.get(b"authorization", b""))

    @staticmethod
    def prepare(calls: list["Call"], batch: Batch) -> None:
        """What the batch's calls will look up, in a few queries for all of them: the callers'
        tokens with their accounts and roles (and the time of their use, written once at the end
        of the batch), the meetings with their windows, the delegations the bodies name."""
        tokens = auth.tokens_for(call._secret() for call in calls)
        now = timezone.now()
        used = [t.pk for t in tokens.values() if t is not None and auth.stale_use(t, now)]
        if used:
            batch.defer(lambda: auth.mark_used(used, now))
        slugs, codes = set(), []
        for call in calls:
            key = digest(call._secret())
            call.token = (key, tokens.get(key))
            slugs.add(call.view.kwargs.get("slug", ""))
            try:
                named = json.loads(call.body)
            except (ValueError, RecursionError):  # the operation answers it (400 or 422)
                continue
            if isinstance(named, dict) and isinstance(named.get("delegation"), str):
                codes.append(named["delegation"])
        # No slug holds a NUL character (PostgreSQL cannot even compare one).
        found = Meeting.objects.filter(slug__in=[s for s in slugs if "\x00" not in s])
        batch.meetings.update({m.slug: m for m in found})
        batch.find_delegations(codes)

    def __call__(self, batch: Batch | None) -> HttpResponse:
        request = ASGIRequest(self.scope, io.BytesIO(self.body))
        request.user = AnonymousUser()
        if batch is not None:
            batches.join(request, batch)
            setattr(request, auth.LOOKED_UP, self.token)
        language = translation.get_language_from_request(request)
        if translation.get_language() == language:  # as a rule the batch's previous caller's
            answer = self.view.func(request, *self.view.args, **self.view.kwargs)
        else:
            with translation.override(language):
                answer = self.view.func(request, *self.view.args, **self.view.kwargs)
        assert isinstance(answer, HttpResponse)
        answer["Content-Language"] = language
        if answer.status_code >= 400:
            raise Answered(answer)
        return answer


async def read_body(receive: Receive, length: int) -> bytes | None:
    """The request's body (None if the client went away); not read at all beyond Django's limit,
    which the operation then refuses exactly as Django does (413 `too_large`)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        return b""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


# What Django's middleware adds to every API answer (SecurityMiddleware, web.py's CSP,
# XFrameOptionsMiddleware, LocaleMiddleware), so that the answers match in their headers too.
def _extra_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    return _headers_for(
        settings.X_FRAME_OPTIONS,
        settings.SECURE_REFERRER_POLICY,
        settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        settings.SECURE_HSTS_SECONDS if scope.get("scheme") == "https" else 0,
    )


@functools.lru_cache(maxsize=8)
def _headers_for(*_settings: Any) -> list[tuple[bytes, bytes]]:
    from hemicycle.server.web import CSP

    extra = [
        (b"vary", b"Accept-Language"),
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", CSP.encode()),
        (b"x-frame-options", settings.X_FRAME_OPTIONS.encode()),
    ]
    if settings.SECURE_REFERRER_POLICY:
        extra.append((b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        extra.append(
            (b"cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode())
        )
    if hsts_seconds := _settings[-1]:  # SecurityMiddleware's, on an answer over HTTPS
        extra.append((b"strict-transport-security", f"max-age={hsts_seconds}".encode()))
    return extra


async def respond(scope: Scope, send: Send, answer: HttpResponse) -> None:
    body = answer.content
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.items()]
    headers += [(b"content-length", str(len(body)).encode()), *_extra_headers(scope)]
    await send({"type": "http.response.start", "status": answer.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _failure() -> HttpResponse:
    body = {"detail": _("The request could not be recorded; send it again."), "code": "error"}
    return HttpResponse(json.dumps(body), status=500, content_type="application/json")


async def serve(scope: Scope, receive: Receive, send: Send, view: ResolverMatch) -> None:
    length = int(_headers(scope).get(b"content-length", b"0"))  # type: ignore[union-attr]
    body = await read_body(receive, length)
    if body is None:
        return
    try:
        answer = await writer.submit(Call(scope, body, view))
    except Answered as refused:
        answer = refused.answer
    except Exception:  # the batch could not be committed, or a fault in the server
        log.exception("a request to speak could not be answered")
        answer = _failure()
    await respond(scope, send, answer)


def warm() -> None:
    """Work out at start what the first batch of a rush would otherwise work out while the whole
    rush waits (some 30 ms): Django's table of URL patterns for reversing a receipt's path, and
    the answer's validator."""
    from django.urls import NoReverseMatch, reverse

    from hemicycle.apikit.validation import validated
    from hemicycle.inscription.api import InscribedOut

    with contextlib.suppress(NoReverseMatch):
        reverse("inscription:receipt", args=["warm", 1, "h"])
    with contextlib.suppress(ValueError):
        validated(InscribedOut, {})


def usable() -> bool:
    """Whether the fast path may serve: switched on (`HEMICYCLE_FAST_PATH`), and what it relies on
    in Django and django-ninja answers as it expects (checked once, at start); otherwise every
    request goes to Django, which answers the same, more slowly."""
    if not settings.HEMICYCLE_FAST_PATH:
        return False
    try:
        view = _view_of("/api/v1/meetings/check/speakers", settings.ROOT_URLCONF)
        request = ASGIRequest(
            {"type": "http", "method": "POST", "path": "/", "headers": []}, io.BytesIO(b"")
        )
        usable = view is not None and callable(view.func) and request.method == "POST"
    except Exception:
        usable = False
    if not usable:
        log.warning("the requests-to-speak fast path is off: Django serves every request")
    return usable


def wrap(app: App) -> App:
    """`app` (Django), with requests to speak taken by the fast path when it can."""
    if not usable():
        return app
    warm()

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        view = eligible(scope) if scope["type"] == "http" else None
        if view is not None and not await _token_issued(scope):
            view = None  # a made-up token: Django's path answers it, its body read under limits
        if view is None:
            await app(scope, receive, send)
        else:
            await serve(scope, receive, send, view)

    return application
