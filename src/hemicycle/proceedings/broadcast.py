"""Carry each change of the floor to every live subscriber in this process.

A change is encoded once, as a complete SSE frame, and the same bytes are queued for every
subscriber; a subscriber whose queue is full is dropped and reconnects with Last-Event-ID. Commands
run in worker threads, so publishing hands the frame to the event loop with call_soon_threadsafe.
"""

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder

if TYPE_CHECKING:
    from hemicycle import floor
    from hemicycle.meetings.models import Meeting

QUEUE_SIZE = 32
DROPPED = b""  # the sentinel a dropped subscriber reads before its stream closes


def frame(seq: int, data: dict[str, object]) -> bytes:
    body = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)
    return f"id: {seq}\nevent: floor\ndata: {body}\n\n".encode()


@dataclass
class Channel:
    seq: int = -1
    latest: bytes = b""
    subscribers: set[asyncio.Queue[bytes]] = field(default_factory=set)


class Broadcaster:
    def __init__(self) -> None:
        self.channels: dict[str, Channel] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lock = threading.Lock()

    def channel(self, slug: str) -> Channel:
        with self.lock:
            return self.channels.setdefault(slug, Channel())

    def subscribe(self, slug: str) -> asyncio.Queue[bytes]:
        self.loop = asyncio.get_running_loop()
        queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUE_SIZE)
        self.channel(slug).subscribers.add(queue)
        return queue

    def unsubscribe(self, slug: str, queue: asyncio.Queue[bytes]) -> None:
        self.channel(slug).subscribers.discard(queue)

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
            self._fan_out(channel, data)
        else:
            loop.call_soon_threadsafe(self._fan_out, channel, data)

    @staticmethod
    def _fan_out(channel: Channel, data: bytes) -> None:
        for queue in list(channel.subscribers):
            try:
                queue.put_nowait(data)
            except asyncio.QueueFull:
                channel.subscribers.discard(queue)
                queue.get_nowait()
                queue.put_nowait(DROPPED)


broadcaster = Broadcaster()


def publish(meeting: "Meeting", state: "floor.FloorState") -> None:
    from hemicycle.proceedings.snapshot import head

    broadcaster.publish_frame(meeting.slug, state.seq, frame(state.seq, head(meeting, state)))
