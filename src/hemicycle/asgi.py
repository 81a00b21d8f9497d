"""The ASGI entry point: `/live/` goes to the small streaming app, requests to speak in a rush to
the fast path, everything else to Django (server/ holds the pieces)."""

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

from hemicycle.inscription import mailer  # noqa: E402  (needs the apps)
from hemicycle.proceedings import (  # noqa: E402
    live,
    relay,
    signing,
    store,
    timekeeper,
)
from hemicycle.proceedings.broadcast import broadcaster  # noqa: E402
from hemicycle.server import fastpath, renderings, sqlite, web  # noqa: E402
from hemicycle.server.admission import Admission  # noqa: E402
from hemicycle.server.bodies import BodyGuard  # noqa: E402

django_app = web.OneThreadHandler()  # one trip to a thread per request (server/web.py)
django_app = Admission(django_app)  # a bounded number of requests inside Django
django_app = fastpath.wrap(django_app)  # requests to speak in a rush, without Django's path
django_app = renderings.wrap(django_app)  # the list's PDF and CSVs, rendered once per change
django_app = BodyGuard(django_app)  # every body read first, under limits (server/bodies.py)
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
            signing.ensure_key()  # made at the first start, before any receipt is signed
            timekeeper.loop = asyncio.get_running_loop()
            await sync_to_async(store.watch_the_clock)()
            await relay.start()  # frames to and from the other workers, if Redis is configured
            tokens = asyncio.ensure_future(fastpath.keep_tokens_known())
            mailer.start(restarting=True)  # e-mails left unsent by the last run leave now
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            broadcaster.close_all()  # open streams end now rather than at the server's timeout
            tokens.cancel()
            renderings.stop()
            await relay.stop()
            sqlite.release()
            await send({"type": "lifespan.shutdown.complete"})
            return
