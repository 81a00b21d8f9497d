"""Carry each change of the floor to every live subscriber in this process.

A change is encoded once, as a complete SSE frame, and the same bytes are handed to every
subscriber. A subscriber that falls more than `BACKLOG` frames behind is dropped; its browser
reconnects with Last-Event-ID and gets the current floor. Commands run in worker threads, so
publishing hands the frame to the event loop with call_soon_threadsafe.
"""

import asyncio
import json
import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from hemicycle import floor
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.snapshot import head

Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

log = logging.getLogger(__name__)
BACKLOG = 32
HEARTBEAT_S = 15.0
PING = b": ping\n\n"


def chunked(data: bytes) -> bytes:
    """`data` as one chunk of an HTTP/1.1 chunked body, as uvicorn frames it."""
    return b"%x\r\n%b\r\n" % (len(data), data)


try:  # the connection of uvicorn's HTTP/1.1 protocol (httptools), to write chunks to directly
    from uvicorn.protocols.http.httptools_impl import RequestResponseCycle as _UvicornCycle
except ImportError:  # another server, or uvicorn without httptools: `send` as usual
    _UvicornCycle = None  # type: ignore[assignment, misc]

# What the direct writes read of uvicorn's connection (a private class: uvicorn is bounded in
# pyproject.toml, and this is checked at the first connection before any direct write to one).
_CYCLE_ATTRIBUTES = (
    "chunked_encoding",
    "response_started",
    "response_complete",
    "disconnected",
    "flow",
    "transport",
    "scope",
)
_cycle_usable: bool | None = None  # None: not checked yet


def _uvicorn_connection(send: Send | None) -> Any:
    """uvicorn's HTTP/1.1 connection behind `send`, if that is the server and it is as expected;
    else None (and frames are written through `send`)."""
    global _cycle_usable
    connection = getattr(send, "__self__", None)
    if _UvicornCycle is None or type(connection) is not _UvicornCycle:
        return None
    if _cycle_usable is None:
        _cycle_usable = all(hasattr(connection, a) for a in _CYCLE_ATTRIBUTES) and hasattr(
            connection.flow, "write_paused"
        )
        if not _cycle_usable:
            log.warning("uvicorn's connection is not as expected: frames go through `send`")
    return connection if _cycle_usable else None


def _stop_writing_to_connections(failure: Exception) -> None:
    global _cycle_usable
    _cycle_usable = False
    log.warning(
        "uvicorn's connection refused a direct write (%r): frames go through `send`", failure
    )


def frame(seq: int, data: dict[str, object]) -> bytes:
    body = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)
    return f"id: {seq}\nevent: floor\ndata: {body}\n\n".encode()


class Subscriber:
    """One open stream: the frames not yet written to it, and whether it must close.

    While its stream task is parked waiting for news (`idle`), a new frame is written at once from
    the fan-out itself (`offer`), without waking the task: straight to the connection under
    uvicorn (`_write_chunk`), else one call into the server's `send`, instead of a task switch
    per subscriber per change (docs/performance.md)."""

    __slots__ = (
        "closed",
        "connection",
        "direct",
        "frames",
        "idle",
        "pending",
        "send",
        "sent",
        "task",
        "wake",
    )

    def __init__(self, send: Send | None = None) -> None:
        self.frames: deque[tuple[int, bytes]] = deque()
        self.wake = asyncio.Event()
        self.closed = False
        self.task = asyncio.current_task()
        self.send = send
        self.sent = -1  # the seq of the last frame written to the stream
        self.idle = False  # the stream task is parked; `offer` may write directly
        self.pending: asyncio.Future[None] | None = None  # a direct write waiting for the socket
        # Frames written from the fan-out itself (HEMICYCLE_DIRECT_WRITES), and straight to
        # uvicorn's HTTP/1.1 connection if that is the server (see `_write_chunk`).
        self.direct = send is not None and bool(settings.HEMICYCLE_DIRECT_WRITES)
        self.connection: Any = _uvicorn_connection(send) if self.direct else None

    def offer(self, seq: int, data: bytes, chunk: bytes | None = None) -> None:
        """A new frame (`chunk`: the same bytes as an HTTP/1.1 chunk, if the caller has them)."""
        if seq and seq <= self.sent:
            return
        if self.idle and self.direct and not self.closed:
            if chunk is None or not self._write_chunk(chunk):
                self._write_now(seq, data)
            elif seq:
                self.sent = seq
        elif len(self.frames) < BACKLOG:
            self.frames.append((seq, data))
            self.wake.set()
        elif not self.closed and self.task is not None:
            # It has not taken a frame for BACKLOG changes: its writes are stuck; cut it off.
            self.closed = True
            self.task.cancel()

    def _write_chunk(self, chunk: bytes) -> bool:
        """Write an already framed chunk straight to the connection, when the server is uvicorn's
        HTTP/1.1 (httptools) and the response is a chunked stream that can take it now: the very
        bytes its `send` would write, without a coroutine and a message per subscriber. Anything
        else (another server, a full socket, a client gone) says no, and `send` is used."""
        cycle = self.connection
        if cycle is None or not _cycle_usable:
            return False
        try:
            if (
                not cycle.chunked_encoding
                or not cycle.response_started
                or cycle.response_complete
                or cycle.disconnected
                or cycle.flow.write_paused
                or cycle.scope["method"] == "HEAD"
            ):
                return False
            cycle.transport.write(chunk)
        except AttributeError as changed:  # uvicorn changed under us: `send` from now on
            _stop_writing_to_connections(changed)
            return False
        return True

    def _write_now(self, seq: int, data: bytes) -> None:
        assert self.send is not None
        writing = self.send({"type": "http.response.body", "body": data, "more_body": True})
        try:
            waiting = writing.send(None)
        except StopIteration:
            if seq:
                self.sent = seq
            return
        except Exception:
            self.close()  # the server refused the write: the client has gone
            return
        # The socket's buffer is full: the write waits for it to drain. Finish it in a task and
        # hold the stream task until it is done (frames meanwhile queue as usual).
        self.idle = False
        if seq:
            self.sent = seq
        self.pending = asyncio.ensure_future(_finish(writing, waiting))
        self.wake.set()

    def close(self) -> None:
        self.closed = True
        self.wake.set()


async def _finish(writing: Coroutine[Any, Any, None], waiting: Any) -> None:
    """Drive a write that was started outside any task (see `Subscriber.offer`) to its end: wait
    for what it waits on, then resume it, until it returns."""
    while True:
        if isinstance(waiting, asyncio.Future):
            waiting._asyncio_future_blocking = False
            await asyncio.wait([waiting])
        else:
            await asyncio.sleep(0)
        try:
            waiting = writing.send(None)
        except StopIteration:
            return


@dataclass
class Channel:
    seq: int = -1
    latest: bytes = b""
    subscribers: set[Subscriber] = field(default_factory=set)
    loading: "asyncio.Future[None] | None" = None


class Broadcaster:
    def __init__(self) -> None:
        self.channels: dict[str, Channel] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lock = threading.Lock()
        self.heartbeat: asyncio.Future[None] | None = None
        # Hands each committed frame on to the other workers (relay.py, when Redis is configured).
        self.relay: Callable[[str, int, bytes], None] | None = None

    async def _beat(self) -> None:
        """A comment on every stream every HEARTBEAT_S, so that proxies keep them open: one timer
        for all subscribers rather than one per stream."""
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            for channel in list(self.channels.values()):
                for subscriber in list(channel.subscribers):
                    subscriber.offer(0, PING, PING_CHUNK)

    def channel(self, slug: str) -> Channel:
        with self.lock:
            return self.channels.setdefault(slug, Channel())

    def subscribe(self, slug: str, send: Send | None = None) -> Subscriber:
        self.loop = asyncio.get_running_loop()
        if self.heartbeat is None or self.heartbeat.done():
            self.heartbeat = asyncio.ensure_future(self._beat())
        subscriber = Subscriber(send)
        self.channel(slug).subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, slug: str, subscriber: Subscriber) -> None:
        channel = self.channel(slug)
        channel.subscribers.discard(subscriber)
        if channel.seq < 0 and not channel.subscribers and channel.loading is None:
            with self.lock:
                self.channels.pop(slug, None)  # no such meeting: keep no channel for it

    def close_all(self) -> None:
        """At shutdown: end every stream, so the server need not wait for them."""
        for channel in list(self.channels.values()):
            for subscriber in list(channel.subscribers):
                subscriber.close()

    def publish_frame(self, slug: str, seq: int, data: bytes) -> None:
        """Record the newest frame and hand it to the subscribers; safe from any thread."""
        channel = self.channel(slug)
        with self.lock:
            if seq <= channel.seq:
                return
            channel.seq, channel.latest = seq, data
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fan_out(channel, seq, data)
        else:
            loop.call_soon_threadsafe(self._fan_out, channel, seq, data)

    @staticmethod
    def _fan_out(channel: Channel, seq: int, data: bytes) -> None:
        chunk = chunked(data)
        for subscriber in list(channel.subscribers):
            subscriber.offer(seq, data, chunk)


PING_CHUNK = chunked(PING)
broadcaster = Broadcaster()


def publish(meeting: Meeting, state: floor.FloorState) -> dict[str, object]:
    """Encode the floor's head once and hand it to every subscriber; returns the head, which the
    command's own answer reuses."""
    data = head(meeting, state)
    encoded = frame(state.seq, data)
    broadcaster.publish_frame(meeting.slug, state.seq, encoded)
    if broadcaster.relay is not None:
        broadcaster.relay(meeting.slug, state.seq, encoded)
    return data
