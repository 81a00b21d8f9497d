"""The opening second: N focal points of N distinct delegations send their requests to speak at the
instant the inscription window opens, against the real server.

Run by hand, from the repository root (SQLite, then PostgreSQL with a database of your own):

    .venv/bin/python bench/inscription_burst.py --requests 1000
    .venv/bin/python bench/inscription_burst.py --requests 1000 \
        --database postgresql://postgres@127.0.0.1:5432/hc_inscription

What it does:
- in a temporary data directory (and, for PostgreSQL, a database it drops and creates), migrates and
  creates a meeting `burst` with an inscription window opening a few seconds ahead and its list not
  yet open, N synthetic delegations (a parliament-sized assembly: "Delegation 0001" …), a focal
  point for each with an e-mail address and an API token (setup is not timed);
- starts the real server (`python -m hemicycle serve`, uvicorn, one worker), with the file e-mail
  backend, so every receipt is really written as an e-mail;
- at the opening instant sends the N `POST /api/v1/meetings/burst/speakers` at once, each on its
  own new connection (raw asyncio streams writing a prepared HTTP/1.1 request, uvloop, this
  process; the client is kept light since it shares the cores with the server);
- measures each request from just before it is written to its answer: p50, p99, max, and the
  throughput (accepted requests / time from the opening to the last answer);
- checks the log (`GET …/events`): every accepted request is there exactly once, in the order the
  server received them (seq order, times non-decreasing), each receipt's seq and hash are the log's,
  the hash chain holds, the list opened exactly once, and N receipt e-mails were written;
- stops the server (also on error). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

HOST = "127.0.0.1"
SLUG = "burst"
REPO = Path(__file__).resolve().parent.parent

SETUP = """
import json, sys
from datetime import date, timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from hemicycle.accounts.models import ApiToken, FocalPoint, TOKEN_PREFIX, digest
from hemicycle.delegations.models import Category, Delegation
from hemicycle.inscription.window import set_window
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store
import secrets
n, lead = {n}, {lead}
meeting = Meeting.objects.create(slug="{slug}", title="Opening-second benchmark",
                                 date=date(2027, 9, 11), timezone="America/New_York")
store.configure(meeting)
opens = timezone.now() + timedelta(seconds=lead)
set_window(meeting, opens, None, actor="secretariat")
codes = [f"B{{i:04d}}" for i in range(1, n + 1)]
Delegation.objects.bulk_create([Delegation(code=c, name=f"Delegation {{c[1:]}}",
                                category=Category.MEMBER_STATE) for c in codes])
users = User.objects.bulk_create([User(username=f"fp-{{c}}", email=f"{{c.lower()}}@example.org",
                                 password="!") for c in codes])
by_code = {{d.code: d for d in Delegation.objects.filter(code__in=codes)}}
users = list(User.objects.filter(username__startswith="fp-B").order_by("username"))
FocalPoint.objects.bulk_create([FocalPoint(user=u, delegation=by_code[u.username[3:]]) for u in users])
tokens = {{}}
rows = []
for u in users:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tokens[u.username[3:]] = secret
    rows.append(ApiToken(user=u, name="bench", prefix=secret[:10], digest=digest(secret)))
ApiToken.objects.bulk_create(rows)
json.dump({{"opens": opens.isoformat(), "tokens": tokens}}, open("{out}", "w"))
"""


def server_cpu_seconds(pid: int) -> float:
    """CPU time of the server process so far (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def hemicycle(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hemicycle", *args], env=env, check=True, capture_output=True
    )


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start within 30 s")


def prepared(port: int, code: str, secret: str) -> bytes:
    """The whole HTTP/1.1 request of one focal point, written once before the opening."""
    body = json.dumps({"delegation": code, "speaker": f"Speaker of {code}", "level": "other"})
    head = (
        f"POST /api/v1/meetings/{SLUG}/speakers HTTP/1.1\r\n"
        f"Host: {HOST}:{port}\r\n"
        f"Authorization: Bearer {secret}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body.encode())}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body.encode()


async def exchange(port: int, request: bytes, timeout: float) -> tuple[int, dict]:
    """One request on a new connection: connect, write, read the answer to the end."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(request)
        answer = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {"text": body[:300].decode(errors="replace")}


async def fire(port: int, tokens: dict[str, str], opens: datetime, timeout: float) -> list[dict]:
    """Send every request at the opening instant, each on its own new connection (as N browsers
    would connect at the click). The client is light (the request's bytes are prepared, a raw
    stream per connection), since it shares the machine's cores with the server."""
    requests = {code: prepared(port, code, secret) for code, secret in tokens.items()}
    start_in = (opens - datetime.now(opens.tzinfo)).total_seconds()
    if start_in < 0:
        raise RuntimeError("setup took longer than the lead time; raise --lead")
    go = asyncio.Event()

    async def one(code: str, request: bytes) -> dict:
        await go.wait()
        sent = time.perf_counter()
        try:
            status, payload = await exchange(port, request, timeout)
        except (TimeoutError, OSError, ValueError, IndexError) as error:
            status, payload = 0, {"error": repr(error)}
        return {
            "code": code,
            "status": status,
            "body": payload,
            "sent": sent,
            "answered": time.perf_counter(),
        }

    tasks = [asyncio.create_task(one(c, r)) for c, r in requests.items()]
    await asyncio.sleep(max(0.0, start_in))
    t0 = time.perf_counter()
    go.set()
    results = await asyncio.gather(*tasks)
    for r in results:
        r["t0"] = t0
    return results


def run_client(main: Any) -> Any:
    """The client's event loop: uvloop's (as the server's) where installed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def log_of(base: str) -> list[dict]:
    events, after = [], 0
    while True:
        page = httpx.get(
            f"{base}/api/v1/meetings/{SLUG}/events",
            params={"after": after, "limit": 1000},
            timeout=30,
        ).json()
        events += page["events"]
        if page["next_after"] is None:
            return events
        after = page["next_after"]


CHAIN = """
from hemicycle.floor.chain import first_break
from hemicycle.proceedings.models import FloorEvent
rows = FloorEvent.objects.filter(meeting__slug="{slug}").order_by("seq")
print(first_break((r.seq, r.type, r.payload, r.at, r.actor, r.command, r.prev_hash, r.hash) for r in rows))
"""


def chain_holds(env: dict[str, str]) -> bool:
    """The hash chain, checked on the stored log (the API gives times to the millisecond only)."""
    done = subprocess.run(
        [sys.executable, "-m", "hemicycle", "shell", "-c", CHAIN.format(slug=SLUG)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1] == "None"  # after the shell's own notice


def receipt_emails(mail_dir: Path, expected: int, wait_s: float = 30.0) -> int:
    """Receipt e-mails written by the server's mail thread (it sends after answering)."""
    deadline = time.monotonic() + wait_s
    while True:
        found = (
            sum(
                p.read_text().count("Subject: Request to speak received")
                for p in mail_dir.glob("*.log")
            )
            if mail_dir.exists()
            else 0
        )
        if found >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def check(results: list[dict], events: list[dict], env: dict[str, str], mail_dir: Path) -> dict:
    accepted = [r for r in results if r["status"] == 201]
    inscribed = [e for e in events if e["type"] == "speaker_inscribed"]
    delegations = [e["payload"]["delegation"] for e in inscribed]
    receipts = {r["body"]["receipt"]["seq"]: r["body"]["receipt"]["hash"] for r in accepted}
    times = [datetime.fromisoformat(e["at"]) for e in inscribed]
    return {
        "accepted": len(accepted),
        "refused_or_failed": {
            str(r["status"]): sum(1 for x in results if x["status"] == r["status"])
            for r in results
            if r["status"] != 201
        },
        "in_log": len(inscribed),
        "each_exactly_once": len(delegations) == len(set(delegations)) == len(accepted),
        "receipts_match_log": receipts == {e["seq"]: e["hash"] for e in inscribed},
        "seq_order_times_non_decreasing": all(a <= b for a, b in itertools.pairwise(times)),
        "chain_holds": chain_holds(env),
        "list_opened_once": [e["type"] for e in events].count("list_opened") == 1,
        "receipt_emails": receipt_emails(mail_dir, len(accepted)),
    }


def report(results: list[dict]) -> dict:
    latencies = sorted((r["answered"] - r["sent"]) * 1000 for r in results)
    accepted = [r for r in results if r["status"] == 201]
    span = max(r["answered"] for r in results) - results[0]["t0"]
    quantile = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {
        "requests": len(results),
        "throughput_per_s": round(len(accepted) / span, 1),
        "span_s": round(span, 3),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(quantile(0.99), 1),
        "max_ms": round(latencies[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--database", default="", help="postgresql://…/NAME (default: SQLite)")
    parser.add_argument(
        "--lead", type=float, default=20.0, help="seconds from setup to the opening"
    )
    parser.add_argument("--timeout", type=float, default=60.0)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hc-burst-") as tmp:
        data = Path(tmp)
        env = {
            **os.environ,
            "HEMICYCLE_DATA_DIR": str(data),
            "HEMICYCLE_DATABASE_URL": options.database,
            "HEMICYCLE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        }
        if options.database:
            fresh_postgres(options.database)
        hemicycle(env, "migrate", "--no-input")
        out = data / "setup.json"
        hemicycle(
            env,
            "shell",
            "-c",
            SETUP.format(n=options.requests, lead=options.lead, slug=SLUG, out=out),
        )
        setup = json.loads(out.read_text())
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "hemicycle", "serve", "--port", str(port)], env=env
        )
        base = f"http://{HOST}:{port}"
        try:
            wait_for(f"{base}/api/v1/meetings", server)
            opens = datetime.fromisoformat(setup["opens"])
            before = resource.getrusage(resource.RUSAGE_SELF)
            server_before = server_cpu_seconds(server.pid)
            results = run_client(fire(port, setup["tokens"], opens, options.timeout))
            after = resource.getrusage(resource.RUSAGE_SELF)
            figures = report(results)
            # The client shares the 2 cores with the server: its own CPU time during the burst.
            figures["client_cpu_s"] = round(
                after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2
            )
            # The server's CPU time from the opening to the last answer (its start not counted).
            figures["server_cpu_s"] = round(server_cpu_seconds(server.pid) - server_before, 2)
            figures["load_average_1min"] = os.getloadavg()[0]  # the machine is shared
            checks = check(results, log_of(base), env, data / "outbox")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        json.dumps(
            {"database": "postgresql" if options.database else "sqlite", **figures, **checks},
            indent=2,
        )
    )
    ok = checks["each_exactly_once"] and checks["chain_holds"] and checks["receipts_match_log"]
    sys.exit(0 if ok and checks["accepted"] == options.requests else 1)


if __name__ == "__main__":
    main()
