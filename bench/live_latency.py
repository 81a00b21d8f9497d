"""Live delivery latency: from a chair's action to its arrival at N live subscribers.

Run by hand, against the real server, from the repository root:

    .venv/bin/python bench/live_latency.py --subscribers 100 1000 --changes 20

What it does:
- loads the demo into a temporary data directory (`python -m hemicycle demo --no-serve`) and issues a
  chair token (`python -m hemicycle token chair`);
- for each N, starts a fresh server (`python -m hemicycle serve --port P`: uvicorn, one worker) so
  that its memory and floor start from the same point, gives the floor to the first waiting speaker
  (`next`), reads the server's RSS, opens N streams `GET /live/r2p-2013/` and waits for each one's
  first frame (the connect time), reads the RSS again;
- sends `--changes` chair commands (`pause`, `resume`, `pause`, … every `--interval` seconds) with
  `POST /api/v1/meetings/r2p-2013/floor`, noting the time just before each request is written and the
  `seq` of its answer; each subscriber notes when the frame with `id: <seq>` arrives;
- latency = arrival - send, over every (subscriber, change) pair; a frame that never arrives is
  "missed" (must be 0); then closes the streams and stops the server (also on error or Ctrl-C).

With `--workers 2`, Hemicycle runs as two `hemicycle serve` processes (two ports) sharing a fresh
PostgreSQL database (`--database-url`) and Redis (`--redis-url`): the subscribers are spread over
both, the chair's commands go to the first, so half of the subscribers get each frame through Redis;
memory, threads and CPU are summed over both processes. `--redis` runs one worker the same way (the
relay's own cost against plain SQLite).

The load generator is this process: plain asyncio streams, hand-written HTTP/1.1 and a minimal SSE
parser, one reader task per connection (the server drops a subscriber whose queue of 32 frames fills).
At most `--connect-concurrency` connections are being opened at once (a burst beyond the listen
backlog would measure SYN retries). Client and server share the machine, so the figures include the
client's own scheduling delay (its CPU time is reported). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import math
import os
import platform
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
SLUG = "r2p-2013"
LIVE_PATH = f"/live/{SLUG}/"
FLOOR_PATH = f"/api/v1/meetings/{SLUG}/floor"
SPEAKERS_PATH = f"/api/v1/meetings/{SLUG}/speakers"
REPO = Path(__file__).resolve().parent.parent

clock = time.perf_counter


# --- HTTP/1.1 by hand ------------------------------------------------------------------------------


class ChunkDecoder:
    """Incremental decoder of `Transfer-Encoding: chunked`."""

    __slots__ = ("buf", "crlf", "data", "done")

    def __init__(self) -> None:
        self.buf = b""
        self.data = 0  # payload bytes still to read in the current chunk
        self.crlf = 0  # bytes of the CRLF after it still to skip; both 0: a size line comes next
        self.done = False

    def feed(self, data: bytes) -> bytes:
        buf = self.buf + data if self.buf else data
        out = []
        pos, end = 0, len(buf)
        while pos < end and not self.done:
            if self.data:
                take = min(self.data, end - pos)
                out.append(buf[pos : pos + take])
                pos += take
                self.data -= take
            elif self.crlf:
                skip = min(self.crlf, end - pos)
                pos += skip
                self.crlf -= skip
            else:
                eol = buf.find(b"\r\n", pos)
                if eol < 0:
                    break
                size = int(buf[pos:eol].split(b";", 1)[0], 16)
                pos = eol + 2
                if size == 0:
                    self.done = True
                    break
                self.data, self.crlf = size, 2
        self.buf = buf[pos:]
        return b"".join(out)


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def http_request(
    port: int, method: str, path: str, body: bytes = b"", token: str = ""
) -> tuple[int, bytes]:
    """One request on its own connection (`Connection: close`); returns the status and the body."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST}:{port}",
            "Accept: application/json",
            "Connection: close",
        ]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        if body or method == "POST":
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status, headers = await read_head(reader)
        if "chunked" in headers.get("transfer-encoding", ""):
            decoder, parts = ChunkDecoder(), []
            while not decoder.done:
                data = await reader.read(65536)
                if not data:
                    break
                parts.append(decoder.feed(data))
            return status, b"".join(parts)
        if "content-length" in headers:
            return status, await reader.readexactly(int(headers["content-length"]))
        return status, await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


# --- one live subscriber ---------------------------------------------------------------------------


@dataclass
class Subscriber:
    index: int
    first_at: float | None = None  # arrival of the first frame
    arrivals: dict[int, float] = field(default_factory=dict)  # seq -> arrival time
    duplicates: int = 0
    error: str = ""
    closed_early: bool = False
    first_event: asyncio.Event = field(default_factory=asyncio.Event)
    transport: asyncio.Transport | None = None


class StreamProtocol(asyncio.Protocol):
    """One live stream, read in the event loop's callback (no task wakes per frame): the client
    stands for a thousand displays on a thousand machines, so it must cost as little as it can."""

    def __init__(self, sub: Subscriber, request: bytes) -> None:
        self.sub = sub
        self.request = request
        self.head = b""  # the response's head, until it is complete
        self.decode: Callable[[bytes], bytes] | None = None
        self.buf = b""
        self.in_body = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.sub.transport = transport  # type: ignore[assignment]  (uvloop's is not a subclass)
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = clock()
        if not self.in_body:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.head[:end].decode("latin-1").split("\r\n")
            data, self.head, self.in_body = self.head[end + 4 :], b"", True
            if int(lines[0].split(" ", 2)[1]) != 200:
                self._fail(f"HTTP {lines[0]}")
                return
            if any(
                line.lower().startswith("transfer-encoding:") and "chunked" in line.lower()
                for line in lines[1:]
            ):
                self.decode = ChunkDecoder().feed
        if self.decode is not None:
            data = self.decode(data)
        buf = self.buf + data if self.buf else data
        sub, arrivals = self.sub, self.sub.arrivals
        # Minimal SSE (the server ends lines with LF): an event ends with a blank line; only its
        # `id:` field matters here, and it comes first.
        start = 0
        while True:
            end = buf.find(b"\n\n", start)
            if end < 0:
                break
            block = buf[start:end]
            start = end + 2
            for line in block.split(b"\n", 8):
                if line.startswith(b"id:"):
                    seq = int(line[3:])
                    if seq in arrivals:
                        sub.duplicates += 1
                    else:
                        arrivals[seq] = now
                    if sub.first_at is None:
                        sub.first_at = now
                        sub.first_event.set()
                    break
        self.buf = buf[start:]

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is not None and not self.sub.error:
            self.sub.error = f"{type(exc).__name__}: {exc}"
        self.sub.closed_early = True  # the server ended the stream
        self.sub.first_event.set()
        if not self.closed.done():
            self.closed.set_result(None)

    def _fail(self, error: str) -> None:
        self.sub.error = error
        self.sub.first_event.set()
        if self.sub.transport is not None:
            self.sub.transport.close()


async def subscribe(sub: Subscriber, port: int, gate: asyncio.Semaphore) -> None:
    """Open the stream; its protocol then notes the arrival of every frame's id."""
    request = (
        f"GET {LIVE_PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    try:
        async with gate:  # bounds the connections being opened at once, not those open
            _transport, protocol = await loop.create_connection(
                lambda: StreamProtocol(sub, request), HOST, port
            )
            await sub.first_event.wait()
        await protocol.closed
    except asyncio.CancelledError:
        raise
    except Exception as error:
        sub.error = f"{type(error).__name__}: {error}"
    finally:
        sub.first_event.set()  # never leave the connect phase waiting on a failed subscriber


# --- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def hemicycle(
    data_dir: Path, *args: str, timeout: float = 120, extra: dict[str, str] | None = None
) -> str:
    env = {**os.environ, "HEMICYCLE_DATA_DIR": str(data_dir), **(extra or {})}
    done = subprocess.run(
        [sys.executable, "-m", "hemicycle", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"hemicycle {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


_servers: list[Server] = []  # every server started, stopped again in main() whatever happens


class Server:
    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        kind: str = "hemicycle",
        env: dict[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.data_dir = data_dir
        self.log_path = log_path
        self.env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        _servers.append(self)

    def start(self) -> None:
        env = {**os.environ, "HEMICYCLE_DATA_DIR": str(self.data_dir), **self.env}
        command = [sys.executable, "-m", "hemicycle", "serve", "--port", str(self.port)]
        if self.kind == "bare":  # served as `hemicycle serve` serves Hemicycle
            command = [
                *(sys.executable, "-m", "uvicorn", "bench.bare_stream:app"),
                *("--port", str(self.port), "--log-level", "warning", "--lifespan", "on"),
                *("--timeout-graceful-shutdown", "2"),
            ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the benchmark, which stops the server
            )

    async def wait_ready(self, timeout: float = 30) -> None:
        deadline = clock() + timeout
        while clock() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                status, _ = await asyncio.wait_for(http_request(self.port, "GET", FLOOR_PATH), 5)
                if status == 200:
                    return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s")

    def rss_kib(self) -> int:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def threads(self) -> int:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
        return 0

    def cpu_s(self) -> float:
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the server (blocking): SIGINT, then SIGKILL after 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            print("warning: the server ignored SIGINT for 10 s; killed", file=sys.stderr)
            process.kill()
            process.wait(timeout=10)

    async def astop(self) -> None:
        """Stop the server without blocking the event loop (the client's sockets close meanwhile)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        deadline = clock() + 10
        while process.poll() is None and clock() < deadline:
            await asyncio.sleep(0.05)
        self.stop()


# --- one run: N subscribers ------------------------------------------------------------------------


@dataclass
class Result:
    n: int
    server: str = "hemicycle"
    connect_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    command_ms: list[float] = field(default_factory=list)
    expected: int = 0
    received: int = 0
    duplicates: int = 0
    errors: int = 0
    rss_before_kib: int = 0
    rss_after_kib: int = 0
    threads: int = 0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    @property
    def missed(self) -> int:
        return self.expected - self.received


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank on sorted `values`."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), math.ceil(fraction * len(values))))
    return values[rank - 1]


def client_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def floor_command(port: int, token: str, action: str) -> tuple[int, float, float]:
    """Send one chair command; returns its seq, the send time and the round trip."""
    body = json.dumps({"action": action}).encode()
    sent = clock()
    status, answer = await http_request(port, "POST", FLOOR_PATH, body, token)
    if status != 200:
        raise RuntimeError(f"{action}: HTTP {status}: {answer[:300]!r}")
    return int(json.loads(answer)["seq"]), sent, clock() - sent


async def waiting_speakers(port: int) -> int:
    status, body = await http_request(port, "GET", SPEAKERS_PATH)
    if status != 200:
        raise RuntimeError(f"speakers: HTTP {status}")
    return sum(1 for entry in json.loads(body)["speakers"] if entry["status"] == "waiting")


async def run_one(n: int, args: argparse.Namespace, servers: list[Server], token: str) -> Result:
    """N subscribers spread over `servers` (one, or the workers of --workers), the chair's commands
    sent to the first; memory, threads and CPU are summed over the servers."""
    label = servers[0].kind
    if servers[0].env.get("HEMICYCLE_REDIS_URL"):
        label += f"/{len(servers)}w+redis"
    result = Result(n, label)
    port = servers[0].port
    if await waiting_speakers(port) < 1:
        raise RuntimeError("no waiting speaker left in the demo list for `next`")
    await floor_command(port, token, "next")  # a running speech, so pause/resume always succeed
    await asyncio.sleep(0.5)
    result.rss_before_kib = sum(server.rss_kib() for server in servers)

    subs = [Subscriber(i) for i in range(n)]
    gate = asyncio.Semaphore(args.connect_concurrency)
    started = clock()
    tasks = [
        asyncio.ensure_future(subscribe(sub, servers[sub.index % len(servers)].port, gate))
        for sub in subs
    ]
    try:
        for sub in subs:
            await sub.first_event.wait()
        result.connect_s = clock() - started
        result.errors = sum(1 for sub in subs if sub.first_at is None)
        await asyncio.sleep(0.5)  # let the server settle before reading its memory
        result.rss_after_kib = sum(server.rss_kib() for server in servers)
        result.threads = sum(server.threads() for server in servers)

        cpu_before, client_before = sum(server.cpu_s() for server in servers), client_cpu_s()
        sent: dict[int, float] = {}
        t0 = clock()
        for k in range(args.changes):
            await asyncio.sleep(max(0.0, t0 + k * args.interval - clock()))
            seq, at, round_trip = await floor_command(
                port, token, "pause" if k % 2 == 0 else "resume"
            )
            sent[seq] = at
            result.command_ms.append(round_trip * 1000)

        # Wait (bounded) for the last frame to reach every subscriber still connected.
        last = max(sent)
        deadline = clock() + args.drain
        while clock() < deadline:
            if all(last in sub.arrivals or sub.error or sub.closed_early for sub in subs):
                break
            await asyncio.sleep(0.05)
        result.server_cpu_s = sum(server.cpu_s() for server in servers) - cpu_before
        result.client_cpu_s = client_cpu_s() - client_before

        for sub in subs:
            for seq, at in sent.items():
                arrival = sub.arrivals.get(seq)
                if arrival is not None:
                    result.latencies_ms.append((arrival - at) * 1000)
            result.duplicates += sub.duplicates
            if sub.error or sub.closed_early:
                result.errors += sub.first_at is not None
                if len(result.error_samples) < 3:
                    result.error_samples.append(sub.error or "stream ended by the server")
        result.expected = n * len(sent)
        result.received = len(result.latencies_ms)
        result.latencies_ms.sort()
        result.command_ms.sort()
        return result
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sub in subs:
            if sub.transport is not None:
                sub.transport.close()
        await asyncio.sleep(0.1)  # let the closes go out


# --- report ----------------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    header = (
        "server",
        "subscribers",
        "connect s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "cmd p50 ms",
        "missed",
        "dup",
        "errors",
        "RSS before MiB",
        "RSS after MiB",
        "KiB/sub",
        "threads",
        "srv CPU s",
        "client CPU s",
    )
    rows = [header]
    for r in results:
        per_sub = (r.rss_after_kib - r.rss_before_kib) / r.n if r.n else 0.0
        rows.append(
            (
                r.server,
                str(r.n),
                f"{r.connect_s:.2f}",
                f"{percentile(r.latencies_ms, 0.50):.1f}",
                f"{percentile(r.latencies_ms, 0.99):.1f}",
                f"{r.latencies_ms[-1] if r.latencies_ms else float('nan'):.1f}",
                f"{percentile(r.command_ms, 0.50):.1f}",
                f"{r.missed}/{r.expected}",
                str(r.duplicates),
                str(r.errors),
                f"{r.rss_before_kib / 1024:.1f}",
                f"{r.rss_after_kib / 1024:.1f}",
                f"{per_sub:.1f}",
                str(r.threads),
                f"{r.server_cpu_s:.2f}",
                f"{r.client_cpu_s:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        if target < needed:
            print(f"warning: file descriptors limited to {target} (need {needed})", file=sys.stderr)


def fresh_database(url: str, name: str) -> str:
    """Drop and create the PostgreSQL database `name` on the server of `url`; its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


async def bench(args: argparse.Namespace, data_dir: Path, results: list[Result]) -> None:
    env: dict[str, str] = {}
    if args.workers > 1 or args.redis:  # the log in PostgreSQL, the broadcast through Redis
        name = args.database_url.rsplit("/", 1)[1] + "_live_bench"
        database = fresh_database(args.database_url, name)
        env = {"HEMICYCLE_DATABASE_URL": database, "HEMICYCLE_REDIS_URL": args.redis_url}
    print("loading the demo …", file=sys.stderr, flush=True)
    hemicycle(data_dir, "demo", "--no-serve", extra=env)
    token = hemicycle(data_dir, "token", "chair", extra=env).strip().splitlines()[-1]
    kinds = ["hemicycle", "bare"] if args.server == "both" else [args.server]
    for _round in range(args.rounds):
        for n in args.subscribers:
            for kind in kinds:
                count = args.workers if kind == "hemicycle" else 1
                servers = [
                    Server(data_dir, data_dir / "server.log", kind, env) for _ in range(count)
                ]
                try:
                    for server in servers:
                        server.start()
                    for server in servers:
                        await server.wait_ready()
                    print(f"{kind}: {n} subscribers …", file=sys.stderr, flush=True)
                    result = await run_one(n, args, servers, token)
                finally:
                    for server in servers:
                        await server.astop()
                results.append(result)
                for sample in result.error_samples:
                    print(f"  subscriber error: {sample}", file=sys.stderr)


async def bench_bounded(args: argparse.Namespace, data_dir: Path, results: list[Result]) -> None:
    """The whole benchmark under --timeout; SIGTERM cancels it like Ctrl-C (the servers stop)."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    await asyncio.wait_for(bench(args, data_dir, results), args.timeout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1000], metavar="N")
    parser.add_argument("--changes", type=int, default=20, help="chair commands per run")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between commands")
    parser.add_argument("--timeout", type=float, default=600, help="overall bound, seconds")
    parser.add_argument("--drain", type=float, default=15, help="wait for the last frame, seconds")
    parser.add_argument(
        "--connect-concurrency", type=int, default=200, help="connections being opened at once"
    )
    parser.add_argument(
        "--loop", choices=["auto", "asyncio", "uvloop"], default="auto", help="client event loop"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log")
    parser.add_argument(
        "--server",
        choices=["hemicycle", "bare", "both"],
        default="hemicycle",
        help="Hemicycle, a bare ASGI stream (bench/bare_stream.py), or both, alternating",
    )
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole set of runs")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Hemicycle as this many `hemicycle serve` processes on PostgreSQL and Redis; the"
        " subscribers spread over them, the commands go to the first",
    )
    parser.add_argument(
        "--redis",
        action="store_true",
        help="PostgreSQL and Redis even with one worker (the relay's own cost)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="with --workers: a PostgreSQL database URL; the database <its name>_live_bench is"
        " dropped and created beside it",
    )
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/0", help="with --workers: Redis"
    )
    args = parser.parse_args()
    if args.changes < 1 or min(args.subscribers) < 1 or args.interval < 0:
        parser.error("--changes and --subscribers must be positive, --interval not negative")

    loop_name = "asyncio"
    if args.loop in ("auto", "uvloop"):
        try:
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
            loop_name = "uvloop"
        except ImportError:
            if args.loop == "uvloop":
                raise
    raise_fd_limit(max(args.subscribers) + 1024)  # inherited by the server, which holds N too

    data_dir = Path(tempfile.mkdtemp(prefix="hemicycle-live-bench-"))
    status = 0
    results: list[Result] = []
    try:
        asyncio.run(bench_bounded(args, data_dir, results))  # fills `results` run by run
    except TimeoutError:
        print(f"error: the benchmark exceeded --timeout {args.timeout:.0f} s", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted", file=sys.stderr)
        status = 130
    finally:
        for server in _servers:
            server.stop()
        log = data_dir / "server.log"
        if log.exists() and log.stat().st_size:
            text = log.read_text(errors="replace")
            print(f"server log ({len(text.splitlines())} lines), last lines:", file=sys.stderr)
            print("\n".join(text.splitlines()[-20:]), file=sys.stderr)
        if args.keep:
            print(f"data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(
        f"machine: {affinity} CPUs (nproc), {platform.machine()}, Linux {platform.release()}; "
        f"Python {platform.python_version()}; client loop {loop_name}; "
        f"{args.changes} changes every {args.interval} s"
    )
    print(f"date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}")
    if results:
        print(table(results))
        print(
            "latency = frame arrival at a subscriber - chair POST sent, over all (subscriber, change)"
            " pairs; cmd = POST round trip; missed = expected - received frames; errors ="
            " subscribers that failed or were cut off; KiB/sub = server RSS growth / N; CPU s ="
            " during the changes"
        )
    if any(r.missed or r.errors for r in results):
        status = status or 2
    return status


if __name__ == "__main__":
    sys.exit(main())
