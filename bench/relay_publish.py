"""What it costs a worker to hand a committed frame to Redis: a sync client in the command's thread,
or a hand-off to the event loop (proceedings/relay.py, what Hemicycle does).

    .venv/bin/python bench/relay_publish.py --frames 5000 --redis redis://127.0.0.1:6379/0

A thread stands for Django's command thread and publishes `--frames` frames of the size of the
demo's head (about 1.6 KB), one every `--every` seconds, while the event loop runs in the main thread
as in a server. Reported: the time the command thread spends per frame (it answers the chair only
after), and the process's CPU time per frame (both threads, the loop included). The channel is a
throw-away name; nobody listens to it (the relay's listener is not started: both ways would have
one).
"""

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
os.environ.setdefault("HEMICYCLE_DATA_DIR", tempfile.mkdtemp(prefix="hemicycle-relay-bench-"))

FRAME = b"id: 1\nevent: floor\ndata: " + b"x" * 1600 + b"\n\n"


def command_thread(publish, frames: int, every: float, spent: list[float]) -> None:  # type: ignore[no-untyped-def]
    for seq in range(1, frames + 1):
        started = time.perf_counter()
        publish("bench-relay", seq, FRAME)
        spent.append(time.perf_counter() - started)
        time.sleep(every)


async def run(mode: str, args: argparse.Namespace) -> tuple[float, float]:
    import redis

    from hemicycle.proceedings import relay as relay_module

    spent: list[float] = []
    if mode == "sync":
        client = redis.Redis.from_url(args.redis)
        channel = relay_module.prefix().encode() + b"bench-relay"

        def publish(slug: str, seq: int, data: bytes) -> None:
            client.publish(channel, b"%d\n" % seq + data)

        stop = None
    else:
        relay = relay_module.Relay(args.redis)
        relay.loop = asyncio.get_running_loop()
        relay.tasks = [asyncio.ensure_future(relay._publish())]  # the publisher alone, no listener
        publish = relay.forward
        stop = relay.stop
    cpu = time.process_time()
    thread = threading.Thread(target=command_thread, args=(publish, args.frames, args.every, spent))
    thread.start()
    while thread.is_alive():
        await asyncio.sleep(0.05)
    if stop is not None:
        await stop()
    cpu = time.process_time() - cpu
    spent.sort()
    return spent[len(spent) // 2] * 1e6, cpu / args.frames * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--frames", type=int, default=5000)
    parser.add_argument("--every", type=float, default=0.001, help="seconds between frames")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    import django

    django.setup()
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for mode in ("sync", "handoff", "sync", "handoff"):
        thread_us, cpu_us = asyncio.run(run(mode, args))
        print(
            f"{mode:8}  command thread p50 {thread_us:7.1f} µs/frame  process CPU {cpu_us:6.1f} µs/frame"
        )


if __name__ == "__main__":
    main()
