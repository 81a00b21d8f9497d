"""Every request's body is read here, in full and under limits, before the request may take the
fast path or a place in Django (security review H1, M8, L5).

A client that sends its body slowly holds only this reading: never one of Django's few places
(admission.py), never a thread. A body larger than the limit is refused from its declared length
before a byte of it is read, or as soon as it passes the limit (413); a body that stops coming is
answered 408; one address reading more bodies at once than `per_address` gets 429, and the server
reading more than `total` at once answers 503. What has been read is kept in memory up to 1 MiB,
beyond that in a temporary file, and handed to the application as if it came from the client.
"""

import asyncio
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MARGIN = 256 * 1024  # a multipart body's boundaries and other fields, beside its file
IN_MEMORY = 1024 * 1024
CHUNK = 256 * 1024
# Where a statement is uploaded (the page and the API): its own, smaller limit.
STATEMENT_PATHS = re.compile(
    r"^/(api/v1/meetings/[^/]+/speakers/\d+/statement|meetings/[^/]+/inscription/)$"
)


def limit_for(scope: Scope, content_type: bytes) -> int:
    """The largest body this request may have: a file's limit plus a margin for a form with a
    file, Django's limit on form and JSON data plus a margin otherwise (Django words that refusal
    itself, as before)."""
    if content_type.startswith(b"multipart/"):
        if STATEMENT_PATHS.match(scope["path"]):
            return int(settings.HEMICYCLE_STATEMENT_MAX_BYTES) + MARGIN
        return int(settings.HEMICYCLE_MAX_UPLOAD_BYTES) + MARGIN
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + MARGIN


class Refused(Exception):
    def __init__(self, status: int, detail: str, code: str) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code = status, detail, code


async def refuse(scope: Scope, send: Send, refused: Refused) -> None:
    """A refusal in the API's form (JSON with `detail` and `code`) under /api/, plain text elsewhere;
    the connection is closed after it (the rest of the body is not read)."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"detail": refused.detail, "code": refused.code}).encode()
        kind = b"application/json"
    else:
        body, kind = refused.detail.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    headers.append((b"connection", b"close"))
    if refused.status in (429, 503):
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    def __init__(self, app: App) -> None:
        self.app = app
        self.reading: Counter[str] = Counter()
        self.total = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        length = headers.get(b"content-length")
        chunked = b"transfer-encoding" in headers
        if length is None and not chunked:
            await self.app(scope, receive, send)  # no body (a GET, a DELETE)
            return
        try:
            declared = int(length) if length is not None else None
            if declared is not None and declared < 0:
                raise ValueError
        except ValueError:
            await refuse(scope, send, Refused(400, _("Bad Content-Length."), "bad_request"))
            return
        limit = limit_for(scope, headers.get(b"content-type", b"").lower())
        client = (scope.get("client") or ("", 0))[0]
        try:
            if declared is not None and declared > limit:
                raise Refused(413, too_large(limit), "too_large")
            if self.reading[client] >= int(settings.HEMICYCLE_BODY_READS_PER_ADDRESS):
                raise Refused(429, _("Too many requests at once from your address."), "busy")
            if self.total >= int(settings.HEMICYCLE_BODY_READS):
                raise Refused(503, _("The server is busy; try again in a few seconds."), "busy")
            self.reading[client] += 1
            self.total += 1
            try:
                body = await read(receive, limit, declared)
            finally:
                self.total -= 1
                self.reading[client] -= 1
                if not self.reading[client]:
                    del self.reading[client]
        except Refused as refused:
            await refuse(scope, send, refused)
            return
        if body is None:
            return  # the client went away
        await self.app(scope, replay(body, receive), send)


def too_large(limit: int) -> str:
    return _("The request is too large: at most %(mb).1f MB.") % {"mb": limit / 1_000_000}


async def read(receive: Receive, limit: int, declared: int | None) -> Any:
    """The whole body (a file-like object at its start), None if the client went away; refused
    past `limit`, or when no byte comes for HEMICYCLE_BODY_IDLE_S, or when the body takes
    longer than its deadline (HEMICYCLE_BODY_IDLE_S, plus a second per 100 kB declared)."""
    idle = float(settings.HEMICYCLE_BODY_IDLE_S)
    deadline = time.monotonic() + idle + (declared or limit) / 100_000
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115  (closed once replayed)
    size = 0
    while True:
        wait = min(idle, deadline - time.monotonic())
        try:
            if wait <= 0:
                raise TimeoutError
            message = await asyncio.wait_for(receive(), wait)
        except TimeoutError:
            spool.close()
            raise Refused(408, _("The request's body came too slowly."), "timeout") from None
        if message["type"] == "http.disconnect":
            spool.close()
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            spool.close()
            raise Refused(413, too_large(limit), "too_large")
        spool.write(chunk)
        if not message.get("more_body", False):
            spool.seek(0)
            return spool


def replay(body: Any, receive: Receive) -> Receive:
    """A `receive` that gives the application the body already read, then the client's own
    messages (a disconnect)."""

    async def replayed() -> MutableMapping[str, Any]:
        if body.closed:
            return await receive()
        chunk = body.read(CHUNK)
        more = bool(chunk) and body.tell() < _size(body)
        if not more:
            body.close()
        return {"type": "http.request", "body": chunk, "more_body": more}

    return replayed


def _size(body: Any) -> int:
    here = body.tell()
    body.seek(0, 2)
    end = int(body.tell())
    body.seek(here)
    return end
