"""The published list's PDF and CSV and the record's CSV, each rendered once per state of what it
shows and kept (security review M1: a PDF cost 1.8 s of CPU per anonymous request).

These three are answered here, before admission into Django: the key of the rendering (the
meeting, the document, the language, and the list's seq with the window's phase, or the log's seq
for the record) is worked out in a thread of its own, and a rendering already made is sent at
once. Otherwise Django's own view renders it, as it would have, in one of a few render processes
(`HEMICYCLE_RENDERS`, started at the first rendering, at a lower priority): however many ask, a
rendering is made once, and Django's thread, which serves every other page and every chair's
command, never waits for WeasyPrint, nor shares the interpreter's lock with it. A request with a
cookie (a signed-in person, who may see a draft) goes to Django as before."""

import asyncio
import io
import multiprocessing
import re
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404
from django.utils import timezone, translation

from hemicycle.inscription import window
from hemicycle.meetings.models import meeting_or_404
from hemicycle.proceedings import store
from hemicycle.server import fastpath, renderer

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = re.compile(r"^/meetings/(?P<slug>[-a-zA-Z0-9_]+)/(?P<doc>list\.pdf|list\.csv|record\.csv)$")

Key = tuple[str, str, str, int, str]
# The latest rendering of each (meeting, document, language): its key and its answer.
_made: dict[tuple[str, str, str], tuple[Key, int, list[tuple[bytes, bytes]], bytes]] = {}
_making: dict[Key, "asyncio.Future[tuple[int, list[tuple[bytes, bytes]], bytes]]"] = {}
_renders: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _renders
    if _renders is None:
        _renders = ProcessPoolExecutor(
            max_workers=int(settings.HEMICYCLE_RENDERS),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=renderer.start,
        )
    return _renders


def key_of(slug: str, doc: str, language: str) -> Key | None:
    """What the rendering shows now (None: no such meeting for an anonymous reader)."""
    try:
        meeting = meeting_or_404(slug, None)
    except Http404:
        return None
    state = store.state_of(meeting)
    if doc == "record.csv":
        return (slug, doc, language, state.seq, "")
    phase = window.status(meeting, state, timezone.now()).phase
    return (slug, doc, language, state.list_seq, phase)


async def _answer(scope: Scope, send: Send, status: int, headers: list[Any], body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    headers += fastpath._extra_headers(scope)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def serve(scope: Scope, send: Send, slug: str, doc: str) -> bool:
    """Answer from the renderings; False: let Django answer (no such meeting for the public)."""
    request = ASGIRequest(scope, io.BytesIO(b""))
    language = translation.get_language_from_request(request)
    key = await sync_to_async(key_of, thread_sensitive=False)(slug, doc, language)
    if key is None:
        return False
    made = _made.get(key[:3])
    if made is not None and made[0] == key:
        await _answer(scope, send, *made[1:])
        return True
    making = _making.get(key)
    if making is None:
        loop = asyncio.get_running_loop()
        making = loop.run_in_executor(_pool(), renderer.render, _plain(scope), language)
        _making[key] = making  # type: ignore[assignment]
        making.add_done_callback(lambda _f: _making.pop(key, None))
    status, headers, body = await asyncio.shield(making)
    if status == 200:
        _made[key[:3]] = (key, status, headers, body)
    await _answer(scope, send, status, headers, body)
    return True


def _plain(scope: Scope) -> dict[str, Any]:
    """What of the scope a render process needs (a scope holds objects that do not travel)."""
    keep = ("type", "http_version", "method", "scheme", "path", "raw_path", "query_string")
    plain = {k: scope[k] for k in keep if k in scope}
    plain |= {"headers": list(scope.get("headers", ())), "root_path": scope.get("root_path", "")}
    plain |= {"client": scope.get("client"), "server": scope.get("server")}
    return plain


def stop() -> None:
    """The render processes end with the server."""
    if _renders is not None:
        _renders.shutdown(wait=False, cancel_futures=True)


def forget() -> None:
    _made.clear()


def wrap(app: App) -> App:
    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            match = PATH.match(scope["path"])
            cookie = any(name == b"cookie" for name, _v in scope.get("headers", ()))
            if match and not cookie and await serve(scope, send, *match.group("slug", "doc")):
                return
        await app(scope, receive, send)

    return application
