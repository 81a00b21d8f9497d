"""The fan-out writes a new frame straight to a parked stream; when the socket is full, the write
waits, later frames queue behind it, and the client still gets every frame once, in order."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hemicycle.proceedings import live
from hemicycle.proceedings.broadcast import Broadcaster


class Client:
    """The server side of one stream, as uvicorn's `send` behaves: a write may wait for the
    socket to drain."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.drained = asyncio.Event()
        self.drained.set()

    async def send(self, message: dict[str, Any]) -> None:
        await self.drained.wait()
        if message["type"] == "http.response.body" and message.get("body"):
            self.bodies.append(message["body"])

    def seqs(self) -> list[int]:
        text = b"".join(self.bodies).decode()
        return [int(line[4:]) for line in text.splitlines() if line.startswith("id: ")]


def _frame(seq: int) -> bytes:
    return f"id: {seq}\nevent: floor\ndata: {{}}\n\n".encode()


async def _scenario() -> tuple[list[int], list[int], bool]:
    broadcaster = Broadcaster()
    client = Client()
    broadcaster.publish_frame("m", 1, _frame(1))

    async def stream() -> None:
        subscriber = broadcaster.subscribe("m", client.send)
        channel = broadcaster.channel("m")
        await live._stream(client.send, subscriber, (channel.seq, channel.latest), -1)

    task = asyncio.ensure_future(stream())
    for _ in range(5):
        await asyncio.sleep(0)
    subscriber = next(iter(broadcaster.channel("m").subscribers))
    parked = subscriber.idle

    broadcaster.publish_frame("m", 2, _frame(2))  # written at once, from the fan-out
    direct = client.seqs()

    client.drained.clear()  # the socket is full
    for seq in (3, 4, 5):
        broadcaster.publish_frame("m", seq, _frame(seq))
    await asyncio.sleep(0.01)
    client.drained.set()
    await asyncio.sleep(0.01)
    broadcaster.publish_frame("m", 6, _frame(6))
    await asyncio.sleep(0.01)
    subscriber.close()
    await asyncio.wait_for(task, 1)
    return direct, client.seqs(), parked


def test_frames_reach_a_parked_stream_at_once_and_a_full_socket_loses_none():
    # A loop of its own, in a thread: Playwright's sync API may have left one running in this one.
    with ThreadPoolExecutor(1) as pool:
        direct, delivered, parked = pool.submit(lambda: asyncio.run(_scenario())).result()
    assert parked
    assert direct == [1, 2]
    assert delivered == [1, 2, 3, 4, 5, 6]


def test_under_uvicorn_frames_are_written_to_the_connection_directly_as_valid_chunks(monkeypatch):
    """Under uvicorn's HTTP/1.1 protocol the fan-out writes each frame's chunk straight to the
    connection (no `send` per subscriber); an HTTP client still reads a well-formed chunked
    stream with every frame once, in order."""
    import socket

    import httpx
    import uvicorn

    from hemicycle.proceedings import broadcast

    broadcaster = Broadcaster()
    monkeypatch.setattr(live, "broadcaster", broadcaster)
    through_send: list[int] = []
    original = broadcast.Subscriber._write_now
    monkeypatch.setattr(
        broadcast.Subscriber,
        "_write_now",
        lambda self, seq, data: (through_send.append(seq), original(self, seq, data)),
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario() -> tuple[list[int], str]:
        broadcaster.publish_frame("m", 1, _frame(1))
        config = uvicorn.Config(live.app, port=port, http="httptools", log_level="warning")
        server = uvicorn.Server(config)
        serving = asyncio.ensure_future(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        seen: list[int] = []
        url = f"http://127.0.0.1:{port}/live/m/"
        async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
            encoding = response.headers.get("transfer-encoding", "")
            async for line in response.aiter_lines():
                if line.startswith("id: "):
                    seen.append(int(line[4:]))
                    if seen[-1] == 1:
                        for seq in range(2, 6):
                            broadcaster.publish_frame("m", seq, _frame(seq))
                    if seen[-1] == 5:
                        break
        server.should_exit = True
        broadcaster.close_all()
        await serving
        return seen, encoding

    with ThreadPoolExecutor(1) as pool:  # a loop of its own (see above)
        seen, encoding = pool.submit(lambda: asyncio.run(scenario())).result()

    assert encoding == "chunked"
    assert seen == [1, 2, 3, 4, 5]
    assert through_send == []  # frames 2 to 5 went straight to the connection
