"""Carry the floor's frames between workers through Redis pub/sub (when HEMICYCLE_REDIS_URL is set).

Each worker publishes the frame of every command it commits to its meeting's channel, after handing
it to its own subscribers at once; each worker listens to every meeting's channel and hands what
comes to its broadcaster. Frames are whole snapshots with their seq, and the broadcaster ignores a
seq it has already passed, so a worker's own frames coming back, or an old frame, change nothing.

Nothing is lost when Redis goes away: the log is in the database. A publisher keeps the frames it
could not send and sends them when Redis returns; a listener whose subscription drops reads the
latest floor of each meeting it knows from the database every `POLL_S` until Redis is back, and once
more right after subscribing again, so that nothing published meanwhile falls between.
"""

import asyncio
import contextlib
import hashlib
import hmac
import logging
import threading
from collections import deque
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.db.models import Max

from hemicycle.proceedings.broadcast import broadcaster
from hemicycle.proceedings.live import load_latest
from hemicycle.proceedings.models import FloorEvent

log = logging.getLogger(__name__)

POLL_S = 1.0  # while Redis is away: how often to read the database, and to try Redis again
SILENCE_S = 5.0  # a subscription quiet for this long is asked for a PING; no answer in 3x: dead
OUTBOX = 1000  # frames kept while Redis is away; beyond, only each meeting's newest


def prefix() -> str:
    """Channels are named after the database: workers that share a log share a broadcast, and two
    installations on one Redis (pub/sub ignores the database number) never hear each other."""
    return f"hemicycle:{settings.DATABASES['default']['NAME']}:floor:"


# Messages are signed with a key derived from the secret key that every worker shares: a message
# that Redis did not get from one of them (anyone who can write to Redis) is ignored. A frame more
# than JUMP ahead of what a worker holds is believed only if the log has come that far.
JUMP = 100


def _key() -> bytes:
    return hashlib.sha256(b"hemicycle relay\n" + settings.SECRET_KEY.encode()).digest()


def seal(slug: str, seq: int, data: bytes) -> bytes:
    """The message for a frame: its MAC (over the meeting, the seq and the frame), seq, frame."""
    body = b"%d\n" % seq + data
    mac = hmac.new(_key(), slug.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()
    return mac + b"\n" + body


def unseal(slug: str, message: bytes) -> tuple[int, bytes] | None:
    """The seq and frame of a message, or None if it was not sealed by a worker."""
    mac, _, body = message.partition(b"\n")
    expected = hmac.new(_key(), slug.encode() + b"\n" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, expected.encode()):
        return None
    seq, _, data = body.partition(b"\n")
    try:
        return int(seq), data
    except ValueError:
        return None


def _log_reaches(slug: str, seq: int) -> bool:
    try:
        found = FloorEvent.objects.filter(meeting__slug=slug).aggregate(Max("seq"))["seq__max"]
        return found is not None and found >= seq
    finally:
        close_old_connections()


def _latest_frames(known: dict[str, int]) -> list[tuple[str, int, bytes]]:
    """The frames of the meetings among `known` (slug -> seq held) whose log has gone further."""
    try:
        newest = dict(
            FloorEvent.objects.filter(meeting__slug__in=list(known))
            .values_list("meeting__slug")
            .annotate(Max("seq"))
        )
        frames = []
        for slug, seq in newest.items():
            if seq > known[slug]:
                loaded = load_latest(slug)
                if loaded is not None:
                    frames.append((slug, *loaded))
        return frames
    finally:
        # Outside any request, nobody else returns this thread's connection, or drops it if the
        # database restarted meanwhile (Redis and PostgreSQL may well go away together).
        close_old_connections()


class Relay:
    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No silent retries: a dropped connection must surface here, so that the listener knows to
        # catch up from the database.
        self.redis = aioredis.Redis.from_url(
            url,
            retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=2,
            socket_timeout=5,
            client_name="hemicycle-relay",
        )
        self.prefix = prefix().encode()
        self.outbox: deque[tuple[str, int, bytes]] = deque()
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.wake = asyncio.Event()
        self.woken = False  # a wake-up is already on its way to the loop
        self.connected = False  # the subscription is up: frames from other workers arrive
        self.tasks: list[asyncio.Task[None]] = []
        self.ignored: set[str] = set()  # meetings a bad message came for (logged once each)

    # --- publishing (any thread) -----------------------------------------------------------------

    def forward(self, slug: str, seq: int, data: bytes) -> None:
        """Queue a committed frame for the other workers; never raises (the command has committed,
        and the log is the truth)."""
        try:
            with self.lock:
                self.outbox.append((slug, seq, data))
                if self.woken:
                    return
                self.woken = True
            loop = self.loop
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(self.wake.set)
        except Exception:
            log.exception("could not queue frame %s of %s for Redis", seq, slug)

    async def _publish(self) -> None:
        """Send the outbox, in order; on failure keep it and try again every POLL_S."""
        failing = False
        while True:
            await self.wake.wait()
            self.wake.clear()
            with self.lock:
                batch = list(self.outbox)
                self.woken = False
            if not batch:
                continue
            try:
                try:
                    await self._send(batch)
                except Exception:
                    if failing:
                        raise
                    await self._send(batch)  # once more at once: a connection left by a restart
            except Exception as error:
                if not failing:
                    log.warning(
                        "Redis publish failed (%s); the other workers poll the database", error
                    )
                failing = True
                self._keep_newest()
                await asyncio.sleep(POLL_S)
                self.wake.set()
                continue
            if failing:
                log.warning("Redis publish works again")
                failing = False
            with self.lock:
                for _ in batch:
                    self.outbox.popleft()

    async def _send(self, batch: list[tuple[str, int, bytes]]) -> None:
        if len(batch) == 1:  # the usual case: one command at a time, no pipeline to build
            slug, seq, data = batch[0]
            await self.redis.publish(self.prefix + slug.encode(), seal(slug, seq, data))
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for slug, seq, data in batch:
                pipe.publish(self.prefix + slug.encode(), seal(slug, seq, data))
            await pipe.execute()

    def _keep_newest(self) -> None:
        with self.lock:
            if len(self.outbox) <= OUTBOX:
                return
            newest: dict[str, tuple[str, int, bytes]] = {}
            for item in self.outbox:
                newest[item[0]] = item
            self.outbox = deque(sorted(newest.values(), key=lambda item: item[1]))

    # --- listening (the event loop) --------------------------------------------------------------

    async def _listen(self) -> None:
        down_since: float | None = None
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(self.prefix + b"*")
                # Subscribed first, then read the database: a frame committed in between comes
                # through the subscription.
                await self._catch_up()
                self.connected = True
                if down_since is not None:
                    log.warning("Redis subscription restored; caught up from the database")
                    down_since = None
                await self._read(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if down_since is None:
                    down_since = asyncio.get_running_loop().time()
                    log.warning(
                        "Redis subscription lost (%s); polling the database every %.0f s",
                        error,
                        POLL_S,
                    )
            finally:
                self.connected = False
                with contextlib.suppress(Exception):
                    await asyncio.shield(pubsub.aclose())
            await self._catch_up()
            await asyncio.sleep(POLL_S)

    async def _read(self, pubsub: Any) -> None:
        loop = asyncio.get_running_loop()
        heard = loop.time()
        while True:
            message = await pubsub.get_message(timeout=SILENCE_S)
            now = loop.time()
            if message is None:
                if now - heard > 3 * SILENCE_S:
                    raise ConnectionError("no answer from Redis")
                await pubsub.ping()
                continue
            heard = now
            if message["type"] != "pmessage":
                continue
            slug = message["channel"][len(self.prefix) :].decode()
            frame = unseal(slug, message["data"])
            if frame is None:
                self._ignore("a message not sealed by a worker", slug)
                continue
            seq, data = frame
            held = broadcaster.channel(slug).seq
            if held >= 0 and seq > held + JUMP and not await sync_to_async(_log_reaches)(slug, seq):
                self._ignore("a frame beyond the log", slug)
                continue
            broadcaster.publish_frame(slug, seq, data)

    def _ignore(self, what: str, slug: str) -> None:
        if slug not in self.ignored:  # once per meeting: a flood would fill the log otherwise
            self.ignored.add(slug)
            log.warning("Redis brought %s for %s; it is ignored", what, slug)

    async def _catch_up(self) -> None:
        """Publish locally the latest floor of every meeting this worker serves whose log has gone
        beyond the frame it holds."""
        known = {slug: channel.seq for slug, channel in list(broadcaster.channels.items())}
        if not known:
            return
        try:
            frames = await sync_to_async(_latest_frames)(known)
        except Exception:
            log.exception("could not read the latest floors from the database")
            return
        for slug, seq, data in frames:
            broadcaster.publish_frame(slug, seq, data)

    # --- life ------------------------------------------------------------------------------------

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        broadcaster.loop = broadcaster.loop or self.loop
        broadcaster.relay = self.forward
        self.tasks = [
            asyncio.ensure_future(self._listen()),
            asyncio.ensure_future(self._publish()),
        ]

    async def stop(self) -> None:
        if broadcaster.relay == self.forward:
            broadcaster.relay = None
        # Give the frames still queued a moment to go out.
        for _ in range(10):
            if not self.outbox:
                break
            await asyncio.sleep(0.05)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.redis.aclose()


relay: Relay | None = None


async def start() -> None:
    """At the server's start: relay frames through Redis if HEMICYCLE_REDIS_URL is set."""
    global relay
    if settings.REDIS_URL and relay is None:
        relay = Relay(settings.REDIS_URL)
        relay.start()


async def stop() -> None:
    global relay
    if relay is not None:
        current, relay = relay, None
        await current.stop()
