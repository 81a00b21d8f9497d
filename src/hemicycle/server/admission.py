"""Admission to Django under a rush: at most a few requests inside Django at once, the others
waiting their turn on the event loop in order of arrival.

Django serves each request of an ASGI server in a thread of its own. A thousand requests at the
opening second would be a thousand threads taking turns on one interpreter lock, and the one thread
that writes the requests to speak (proceedings/writer.py) would get a thousandth of it. A bounded
number of requests inside Django keeps the threads few; waiting on an asyncio semaphore costs
nothing and keeps the order of arrival. The live stream does not pass through here.

A place is taken once the request's body has been read (server/bodies.py reads it first) and given
back as soon as the answer starts: a client slow to send or to read never holds one.
"""

import asyncio
from typing import Any

from django.conf import settings

Scope = dict[str, Any]


class Admission:
    def __init__(self, app: Any, limit: int | None = None) -> None:
        self.app = app
        self.limit = limit or int(getattr(settings, "HEMICYCLE_DJANGO_CONCURRENCY", 8))
        self._gate: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.limit)
        gate = self._gate
        await gate.acquire()
        held = True

        def leave() -> None:
            nonlocal held
            if held:
                held = False
                gate.release()

        async def sending(message: Any) -> None:
            # The answer is made: a client slow to read it holds its connection, not a place.
            if message["type"] == "http.response.start":
                leave()
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            leave()
