"""`GET /live/<slug>/`: the floor as Server-Sent Events, served by a small pure-ASGI app.

It runs before Django (no middleware, no thread per stream): the first frame comes from the
broadcaster's memory, or from the database once per meeting; then every change is the same bytes for
every subscriber. A client that reconnects with Last-Event-ID gets the current floor at once if it
has missed anything; each frame is a whole snapshot of the head, so nothing is lost.
"""

import asyncio
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgiref.sync import sync_to_async

from hemicycle.proceedings.broadcast import DROPPED, broadcaster, frame

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

PATH = re.compile(r"^/live/(?P<slug>[-a-zA-Z0-9_]+)/?$")
HEARTBEAT_S = 15.0
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),
    (b"access-control-allow-origin", b"*"),
]


def _load_latest(slug: str) -> tuple[int, bytes] | None:
    from hemicycle.meetings.models import Meeting
    from hemicycle.proceedings import store
    from hemicycle.proceedings.snapshot import head

    meeting = Meeting.objects.filter(slug=slug).first()
    if meeting is None:
        return None
    state = store.state_of(meeting)
    return state.seq, frame(state.seq, head(meeting, state))


async def _latest(slug: str) -> tuple[int, bytes] | None:
    channel = broadcaster.channel(slug)
    if channel.seq < 0:
        loaded = await sync_to_async(_load_latest)(slug)
        if loaded is None:
            return None
        broadcaster.publish_frame(slug, *loaded)
    return channel.seq, channel.latest


def _last_event_id(scope: Scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"last-event-id":
            try:
                return int(value)
            except ValueError:
                return -1
    query = scope.get("query_string", b"").decode()
    match = re.search(r"(?:^|&)last_event_id=(\d+)", query)
    return int(match.group(1)) if match else -1


async def _not_found(send: Send, message: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": message})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    match = PATH.match(scope["path"])
    if scope["type"] != "http" or match is None:
        await _not_found(send, b'{"detail": "Use /live/<meeting>/ for a meeting\'s live stream."}')
        return
    slug = match.group("slug")
    latest = await _latest(slug)
    if latest is None:
        await _not_found(send, b'{"detail": "There is no meeting with this name."}')
        return
    queue = broadcaster.subscribe(slug)
    watcher = asyncio.ensure_future(_watch_disconnect(receive, queue))
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        seq, data = latest
        first = b"retry: 2000\n\n"
        if _last_event_id(scope) < seq:
            first += data
        await send({"type": "http.response.body", "body": first, "more_body": True})
        while True:
            try:
                data = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
            except TimeoutError:
                data = b": ping\n\n"
            if data == DROPPED:
                break
            await send({"type": "http.response.body", "body": data, "more_body": True})
    except OSError:
        pass
    finally:
        broadcaster.unsubscribe(slug, queue)
        watcher.cancel()


async def _watch_disconnect(receive: Receive, queue: asyncio.Queue[bytes]) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            try:
                queue.put_nowait(DROPPED)
            except asyncio.QueueFull:
                queue.get_nowait()
                queue.put_nowait(DROPPED)
            return
