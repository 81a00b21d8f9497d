"""A bare ASGI stream, the floor of what live delivery can cost on this machine: no Django, no
database, no fold. `bench/live_latency.py --server bare` serves it with uvicorn exactly as
`hemicycle serve` serves Hemicycle (one worker, same loop and HTTP parser) and measures it the same
way, so the two figures come from the same run.

    GET  /live/r2p-2013/                 an SSE stream: the latest frame, then every new one
    POST /api/v1/meetings/r2p-2013/floor a "command": the next seq, a frame of the size of a real
                                         floor head written to every stream; answers {"seq": n}
    GET  /api/v1/meetings/r2p-2013/floor {"seq": n}; GET …/speakers: one waiting speaker

Each stream is the textbook one: an asyncio.Queue per subscriber and a task awaiting it.
"""

import asyncio
import gc
import json
from typing import Any

gc.set_threshold(50_000, 50, 1000)  # as hemicycle.asgi does

HEAD_BYTES = 2_600  # about the size of the demo's floor head as JSON
_queues: set[asyncio.Queue[bytes]] = set()
_state = {"seq": 1, "frame": b""}


def _frame(seq: int) -> bytes:
    body = json.dumps({"seq": seq, "padding": "x" * HEAD_BYTES})
    return f"id: {seq}\nevent: floor\ndata: {body}\n\n".encode()


_state["frame"] = _frame(1)


async def _json(send: Any, data: dict[str, Any]) -> None:
    body = json.dumps(data).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _stream(receive: Any, send: Any) -> None:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    _queues.add(queue)
    closed = asyncio.Event()

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        closed.set()

    watcher = asyncio.ensure_future(watch())
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": _state["frame"], "more_body": True})
        while not closed.is_set():
            data = await queue.get()
            await send({"type": "http.response.body", "body": data, "more_body": True})
    finally:
        _queues.discard(queue)
        watcher.cancel()


async def app(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for queue in _queues:
                    queue.put_nowait(b"")
                await send({"type": "lifespan.shutdown.complete"})
                return
    path, method = scope["path"], scope["method"]
    if path.startswith("/live/"):
        await _stream(receive, send)
    elif path.endswith("/floor") and method == "POST":
        while (await receive()).get("more_body"):
            pass
        _state["seq"] += 1
        seq = int(_state["seq"])
        _state["frame"] = data = _frame(seq)
        for queue in list(_queues):
            queue.put_nowait(data)
        await _json(send, {"seq": seq})
    elif path.endswith("/floor"):
        await _json(send, {"seq": _state["seq"]})
    elif path.endswith("/speakers"):
        await _json(send, {"speakers": [{"status": "waiting"}]})
    else:
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})
