"""Load and faults at once (issue 15): while 1,000 live subscribers watch a meeting, 50 slow clients
hold bodies, 20 PDFs of the list are asked for each second, and a burst of 200 requests to speak
arrives at the opening of another meeting's window; a chair's commands are timed throughout. Then
the server is killed (SIGKILL) in the middle of a second burst and started again: every request
that was answered must be in the log, with its receipt's seq and hash, and the chain must hold.

Run by hand, from the repository root (SQLite; loopback only, bounded in count and time):

    .venv/bin/python bench/load_faults.py
    .venv/bin/python bench/load_faults.py --subscribers 1000 --slow 50 --pdf-per-s 20 --burst 200

Each simulated client comes from an address of its own (an X-Forwarded-For header, which uvicorn
trusts from 127.0.0.1, as it does nginx's), so the per-address limits apply as they would to real
clients. Prints one JSON object: the chair's p50/p99/max, what each load got, and the checks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inscription_burst import (
    HOST,
    SETUP,
    SLUG,
    chain_holds,
    free_port,
    hemicycle,
    log_of,
    wait_for,
)

WATCHED = "r2p-2013"


def address(group: int, n: int) -> str:
    return f"10.{group}.{n // 250}.{n % 250 + 1}"


async def subscriber(port: int, n: int, stop: asyncio.Event, got: list[int]) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(
        f"GET /live/{WATCHED}/ HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-For: {address(1, n)}\r\n\r\n".encode()
    )
    received = 0
    try:
        while not stop.is_set():
            chunk = await reader.read(65536)
            if not chunk:
                break
            received += len(chunk)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        got.append(received)
        writer.close()


async def slow_client(port: int, n: int, stop: asyncio.Event, answers: list[bytes]) -> None:
    """A body sent a byte a second; answered (408) and started again until the load stops."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(
                f"POST /accounts/login/ HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-For: "
                f"{address(2, n)}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000\r\n\r\n".encode()
            )
            answer = b""
            while not stop.is_set() and not answer:
                writer.write(b"x")
                try:
                    answer = await asyncio.wait_for(reader.read(64), 1.0)
                except TimeoutError:
                    continue
                if not answer:
                    break
            answers.append(answer[:12])
            writer.close()
        except ConnectionError:
            await asyncio.sleep(0.5)


async def pdfs(base: str, per_s: float, stop: asyncio.Event, took: list[float]) -> None:
    async with httpx.AsyncClient(timeout=30) as client:

        async def one(n: int) -> None:
            sent = time.monotonic()
            answer = await client.get(
                f"{base}/meetings/{WATCHED}/list.pdf", headers={"X-Forwarded-For": address(3, n)}
            )
            if answer.status_code == 200:
                took.append(time.monotonic() - sent)

        tasks, n = [], 0
        while not stop.is_set():
            tasks.append(asyncio.ensure_future(one(n)))
            n += 1
            await asyncio.sleep(1 / per_s)
        await asyncio.gather(*tasks, return_exceptions=True)


async def chair(base: str, token: str, stop: asyncio.Event, took: list[float]) -> None:
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": "10.9.0.1"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:
        url = f"{base}/api/v1/meetings/{WATCHED}/floor"
        await client.post(url, json={"action": "next"})
        action = "pause"
        while not stop.is_set():
            sent = time.monotonic()
            answer = await client.post(url, json={"action": action})
            took.append(time.monotonic() - sent)
            if answer.status_code == 200:
                action = "resume" if action == "pause" else "pause"
            await asyncio.sleep(0.2)


def prepared_from(port: int, code: str, secret: str, n: int) -> bytes:
    body = json.dumps({"delegation": code, "speaker": f"Speaker of {code}", "level": "other"})
    return (
        f"POST /api/v1/meetings/{SLUG}/speakers HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Authorization: Bearer {secret}\r\nContent-Type: application/json\r\n"
        f"X-Forwarded-For: {address(4, n)}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body.encode()


async def burst(port: int, tokens: list[tuple[str, str]], at: float, first: int = 0) -> list[dict]:
    async def one(n: int, code: str, secret: str) -> dict:
        request = prepared_from(port, code, secret, n)
        await asyncio.sleep(max(0.0, at - time.time()))
        sent = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request)
            answer = await asyncio.wait_for(reader.read(), 60)
            writer.close()
        except (ConnectionError, TimeoutError, OSError) as failed:
            return {"code": code, "status": 0, "error": type(failed).__name__}
        head, _, body = answer.partition(b"\r\n\r\n")
        if not head:
            return {"code": code, "status": 0, "error": "no answer"}
        status = int(head.split(b" ", 2)[1])
        out = {"code": code, "status": status, "s": time.monotonic() - sent}
        if status == 201:
            receipt = json.loads(body)["receipt"]
            out |= {"seq": receipt["seq"], "hash": receipt["hash"]}
        return out

    return list(await asyncio.gather(*(one(first + n, c, s) for n, (c, s) in enumerate(tokens))))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if values else 0


async def under_load(port: int, options, tokens, opens: float, chair_token: str) -> dict:
    base = f"http://{HOST}:{port}"
    stop = asyncio.Event()
    got: list[int] = []
    slow: list[bytes] = []
    pdf_s: list[float] = []
    chair_s: list[float] = []
    subs = [
        asyncio.ensure_future(subscriber(port, n, stop, got)) for n in range(options.subscribers)
    ]
    await asyncio.sleep(3)  # the subscribers connected
    others = [asyncio.ensure_future(slow_client(port, n, stop, slow)) for n in range(options.slow)]
    others.append(asyncio.ensure_future(pdfs(base, options.pdf_per_s, stop, pdf_s)))
    others.append(asyncio.ensure_future(chair(base, chair_token, stop, chair_s)))
    answered = await burst(port, tokens, opens)
    await asyncio.sleep(max(0.0, options.seconds - 3))
    stop.set()
    await asyncio.sleep(1.5)
    for task in subs + others:
        task.cancel()
    await asyncio.gather(*subs, *others, return_exceptions=True)
    accepted = [a for a in answered if a["status"] == 201]
    return {
        "chair_commands": len(chair_s),
        "chair_p50_ms": pct(chair_s, 0.5),
        "chair_p99_ms": pct(chair_s, 0.99),
        "chair_max_ms": round(max(chair_s) * 1000, 1) if chair_s else 0,
        "subscribers_with_frames": sum(1 for g in got if g > 200),
        "slow_answers": sorted({a.decode(errors="replace") for a in slow}),
        "pdfs": len(pdf_s),
        "pdf_p50_ms": pct(pdf_s, 0.5),
        "burst_accepted": len(accepted),
        "burst_statuses": sorted({a["status"] for a in answered}),
        "burst_p99_ms": pct([a["s"] for a in accepted], 0.99),
        "_accepted": accepted,
    }


async def killed(port: int, server: subprocess.Popen[bytes], tokens, kill_after: int) -> list[dict]:
    """A burst during which the server is SIGKILLed once `kill_after` answers have come."""
    done: list[dict] = []

    async def watch() -> None:
        deadline = time.monotonic() + 20
        while sum(1 for d in done if d["status"] == 201) < kill_after:
            if time.monotonic() > deadline or len(done) == len(tokens):
                break
            await asyncio.sleep(0.005)
        server.send_signal(signal.SIGKILL)

    async def one(n: int, code: str, secret: str) -> None:
        result = (await burst(port, [(code, secret)], time.time(), first=1000 + n))[0]
        done.append(result)

    watcher = asyncio.ensure_future(watch())
    await asyncio.gather(*(one(n, c, s) for n, (c, s) in enumerate(tokens)))
    await watcher
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--pdf-per-s", type=float, default=20)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15, help="how long the load lasts")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hc-load-") as tmp:
        data = Path(tmp)
        env = {
            **os.environ,
            "HEMICYCLE_DATA_DIR": str(data),
            "HEMICYCLE_DATABASE_URL": "",
            "HEMICYCLE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "HEMICYCLE_SITE_URL": "http://127.0.0.1",
        }
        hemicycle(env, "demo", "--no-serve")
        out = data / "setup.json"
        lead = 25
        hemicycle(
            env, "shell", "-c", SETUP.format(n=2 * options.burst, lead=lead, slug=SLUG, out=out)
        )
        setup = json.loads(out.read_text())
        chair_token = subprocess.run(
            [sys.executable, "-m", "hemicycle", "token", "chair"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        tokens = sorted(setup["tokens"].items())
        first, second = tokens[: options.burst], tokens[options.burst :]
        port = free_port()
        serve = [sys.executable, "-m", "hemicycle", "serve", "--port", str(port)]
        server = subprocess.Popen(serve, env=env)
        try:
            wait_for(f"http://{HOST}:{port}/api/v1/meetings", server)
            opens = datetime.fromisoformat(setup["opens"]).timestamp()
            load = asyncio.run(under_load(port, options, first, opens, chair_token))
            load["load_average_1min"] = os.getloadavg()[0]
            # The fault: SIGKILL in the middle of a second burst, then a restart.
            faulted = asyncio.run(killed(port, server, second, kill_after=options.burst // 2))
            server.wait(timeout=10)
            server = subprocess.Popen(serve, env=env)
            wait_for(f"http://{HOST}:{port}/api/v1/meetings", server)
            logged = {e["seq"]: e["hash"] for e in log_of(f"http://{HOST}:{port}")}
        finally:
            server.terminate()
            server.wait(timeout=10)
        answered = load.pop("_accepted") + [d for d in faulted if d["status"] == 201]
        checks = {
            "answered_201": len(answered),
            "answered_in_log_with_their_hash": sum(
                1 for a in answered if logged.get(a["seq"]) == a["hash"]
            ),
            "killed_burst_answered": sum(1 for d in faulted if d["status"] == 201),
            "killed_burst_unanswered": sum(1 for d in faulted if d["status"] == 0),
            "killed_burst_statuses": sorted({d["status"] for d in faulted}),
            "chain_holds": chain_holds(env),
        }
    print(json.dumps({**load, **checks}, indent=2))
    ok = (
        checks["answered_in_log_with_their_hash"] == checks["answered_201"]
        and checks["chain_holds"]
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
