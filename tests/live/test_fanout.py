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
