"""The ASGI entry point: `/live/` goes to the small streaming app, everything else to Django."""

import asyncio
import gc
import os

import django
from asgiref.sync import sync_to_async

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")

# Each live message leaves short-lived objects per subscriber; the default thresholds make the
# collector rescan them again and again under thousands of streams (see DESIGN.md, Live delivery).
gc.set_threshold(50_000, 50, 1000)

django.setup(set_prefix=False)

from hemicycle import sqlite, web  # noqa: E402  (needs the apps loaded)
from hemicycle.inscription import express  # noqa: E402  (needs the apps loaded)
from hemicycle.inscription.admission import Admission  # noqa: E402  (needs the apps loaded)
from hemicycle.proceedings import live, relay, timekeeper  # noqa: E402  (needs the apps loaded)

django_app = web.OneThreadHandler()  # one trip to a thread per request (web.py)
django_app = Admission(django_app)  # a bounded number of requests inside Django (issue #4)
django_app = express.wrap(django_app)  # requests to speak in a rush, without Django's path (#4)
django_app = web.static_files(django_app)  # /static/ before everything else


async def application(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    elif scope["type"] == "http" and scope["path"].startswith("/live/"):
        await live.app(scope, receive, send)
    else:
        await django_app(scope, receive, send)


async def _lifespan(receive, send):  # type: ignore[no-untyped-def]
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            sqlite.hold_open()
            timekeeper.loop = asyncio.get_running_loop()
            await sync_to_async(timekeeper.watch_all)()
            await relay.start()  # frames to and from the other workers, if Redis is configured
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await relay.stop()
            sqlite.release()
            await send({"type": "lifespan.shutdown.complete"})
            return
