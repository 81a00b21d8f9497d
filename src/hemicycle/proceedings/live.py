"""`GET /live/<slug>/`: the floor as Server-Sent Events, served by a small pure-ASGI app.

It runs before Django (no middleware, no thread per stream): the first frame comes from the
broadcaster's memory, or from the database once per meeting; then every change is the same bytes for
every subscriber. A client that reconnects with Last-Event-ID gets the current floor at once if it
has missed anything (or names a seq beyond the head); each frame is a whole snapshot of the head,
so nothing is lost.
"""

import asyncio
import re
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings

from hemicycle.meetings.models import Meeting, shown_to
from hemicycle.proceedings import store
from hemicycle.proceedings.broadcast import Subscriber, broadcaster, frame
from hemicycle.proceedings.snapshot import head

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

PATH = re.compile(r"^/live/(?P<slug>[-a-zA-Z0-9_]+)/?$")
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),
    (b"access-control-allow-origin", b"*"),
]


def load_latest(slug: str) -> tuple[int, bytes] | None:
    """The newest frame of `slug`, read from the database (None: no such meeting)."""
    meeting = shown_to(Meeting.objects.filter(slug=slug).first(), None)  # a draft has no stream
    if meeting is None:
        return None
    state = store.state_of(meeting)
    return state.seq, frame(state.seq, head(meeting, state))


async def _latest(slug: str) -> tuple[int, bytes] | None:
    """The newest frame of `slug`, loaded from the database once however many ask at once."""
    channel = broadcaster.channel(slug)
    if channel.seq < 0:
        if channel.loading is None:
            channel.loading = asyncio.ensure_future(_load(slug))
        await asyncio.shield(channel.loading)
        if channel.seq < 0:
            return None
    return channel.seq, channel.latest


async def _load(slug: str) -> None:
    try:
        loaded = await sync_to_async(load_latest)(slug)
        if loaded is not None:
            broadcaster.publish_frame(slug, *loaded)
    finally:
        broadcaster.channel(slug).loading = None


BEYOND = 10**18  # a seq no log reaches: what an absurdly long Last-Event-ID stands for


def _seq(text: bytes | str) -> int:
    """A Last-Event-ID as a seq: -1 if it is not one (garbage, a sign, other digits than ASCII);
    a number too long to be a seq counts as one beyond the head."""
    text = text.decode("latin-1") if isinstance(text, bytes) else text
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit():
        return -1
    return int(text) if len(text) < len(str(BEYOND)) else BEYOND


def _last_event_id(scope: Scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"last-event-id":
            return _seq(value)
    query = scope.get("query_string", b"").decode("latin-1")
    match = re.search(r"(?:^|&)last_event_id=([^&]*)", query)
    return _seq(match.group(1)) if match else -1


async def _not_found(send: Send, message: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": message})


# Open streams per client address (uvicorn's, which behind nginx is the client's own).
_streams: Counter[str] = Counter()


async def _refuse(send: Send, status: int, message: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"retry-after", b"10")],
        }
    )
    await send({"type": "http.response.body", "body": message})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    match = PATH.match(scope["path"])
    if scope["type"] != "http" or match is None:
        await _not_found(send, b'{"detail": "Use /live/<meeting>/ for a meeting\'s live stream."}')
        return
    address = (scope.get("client") or ("", 0))[0]
    if _streams[address] >= settings.HEMICYCLE_LIVE_PER_ADDRESS:
        await _refuse(
            send, 429, b'{"detail": "Too many live streams from your address.", "code": "busy"}'
        )
        return
    _streams[address] += 1
    try:
        await _serve(scope, receive, send, match.group("slug"))
    finally:
        _streams[address] -= 1
        if not _streams[address]:
            del _streams[address]


async def _serve(scope: Scope, receive: Receive, send: Send, slug: str) -> None:
    # Subscribe before reading the latest frame, so as to miss none published after it.
    subscriber = broadcaster.subscribe(slug, send)
    watcher = asyncio.ensure_future(_watch_disconnect(receive, subscriber))
    try:
        latest = await _latest(slug)
        if latest is None:
            await _not_found(send, b'{"detail": "There is no meeting with this name."}')
            return
        await _stream(send, subscriber, latest, _last_event_id(scope))
        if not watcher.done():
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except (OSError, asyncio.CancelledError):
        pass  # the client went away, could not keep up, or the server is shutting down
    finally:
        broadcaster.unsubscribe(slug, subscriber)
        watcher.cancel()


async def _stream(send: Send, subscriber: Subscriber, latest: tuple[int, bytes], sent: int) -> None:
    """Write the frames the client has not seen, newest state first, until the stream closes."""
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    seq, data = latest
    chunk = b"retry: 2000\n\n"
    # A client that has missed something gets the head at once; so does one that claims a seq
    # beyond it (a log restored to an earlier point, a garbled id), rather than a silent stream.
    if sent != seq:
        chunk, sent = chunk + data, seq
    while True:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if subscriber.closed:
            return
        subscriber.sent = sent
        if not subscriber.frames:
            # Parked: the fan-out writes new frames directly (broadcast.Subscriber.offer).
            subscriber.idle = True
            await subscriber.wake.wait()
            subscriber.idle = False
        subscriber.wake.clear()
        if subscriber.pending is not None:
            await subscriber.pending  # a direct write that had to wait for the socket
            subscriber.pending = None
        sent = max(sent, subscriber.sent)
        # Frames already sent (seq <= sent) are skipped; a heartbeat comes with seq 0 and its
        # comment is written as it is.
        fresh = [(s, d) for s, d in subscriber.frames if s > sent or s == 0]
        subscriber.frames.clear()
        sent = max([sent, *(s for s, _ in fresh)])
        chunk = b"".join(d for _, d in fresh)


async def _watch_disconnect(receive: Receive, subscriber: Subscriber) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            subscriber.close()
            return
