"""Several workers: two `hemicycle serve` processes sharing PostgreSQL and Redis.

A chair's action on one worker reaches the live subscribers of the other, in order; Last-Event-ID
resumes there; a command on one folds what the other appended; when Redis goes away, commands still
succeed and subscribers catch up; two workers timing the same speech end it once.

Redis is reached through a small TCP relay that the test can cut and restore (the machine's Redis is
shared and must not be stopped). The workers use PostgreSQL whatever the suite's own database (the
suite's if it is PostgreSQL, else `POSTGRES_URL`), so these tests run in the SQLite pass of `make
test`, and `make test-postgres` leaves them out rather than run them twice.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import (
    POSTGRES_URL,
    Served,
    _free_port,
    _serve,
    _server_database,
    postgres_reachable,
    require,
)
from tests.live.sse import frames, live, until_quiet
from tests.live.test_stream import SLUG

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

REDIS = os.environ.get("HEMICYCLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class Link:
    """A TCP relay in front of Redis: `cut()` drops every connection and refuses new ones, as a
    Redis gone away would; `restore()` listens again on the same port."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = _free_port()
        self.sockets: set[socket.socket] = set()
        self.upstreams: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def subscribers(self) -> int:
        """How many clients hold a pattern subscription in Redis through this link."""
        import redis

        with self.lock:
            ports = {sock.getsockname()[1] for sock in self.upstreams if sock.fileno() >= 0}
        clients = redis.Redis.from_url(REDIS).client_list()
        return sum(
            1 for c in clients if c["psub"] == "1" and int(c["addr"].rsplit(":", 1)[1]) in ports
        )

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.listener = None
        with self.lock:
            doomed, self.sockets, self.upstreams = self.sockets, set(), set()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets |= {client, server}
                self.upstreams.add(server)
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        with self.lock:
            self.sockets -= {source, target}
            self.upstreams -= {source, target}
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@dataclass
class Workers:
    a: Served
    b: Served
    link: Link


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    base = os.environ.get("HEMICYCLE_DATABASE_URL", "") or POSTGRES_URL
    require(postgres_reachable(base), f"PostgreSQL at {base} (POSTGRES_URL)")
    import redis

    try:
        reachable = bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.RedisError:
        reachable = False
    require(reachable, f"Redis at {REDIS} (HEMICYCLE_TEST_REDIS_URL)")
    upstream = redis.Redis.from_url(REDIS).connection_pool.connection_kwargs
    link = Link((upstream.get("host", "127.0.0.1"), upstream.get("port", 6379)))

    env = {**os.environ, "HEMICYCLE_DATA_DIR": str(tmp_path_factory.mktemp("workers"))}
    env["HEMICYCLE_DATABASE_URL"] = _server_database("hemicycle_workers", base)
    env["HEMICYCLE_REDIS_URL"] = link.url
    subprocess.run(
        [sys.executable, "-m", "hemicycle", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    served = []
    for _ in range(2):
        port = _free_port()
        served.append(Served(f"http://127.0.0.1:{port}", env, _serve(env, port)))
    yield Workers(served[0], served[1], link)
    for server in served:
        server.stop()
    link.cut()


def command(worker: Served, action: str, slug: str = SLUG, **fields: object) -> httpx.Response:
    return httpx.post(
        f"{worker.url}/api/v1/meetings/{slug}/floor",
        json={"action": action, **fields},
        headers=worker.token("chair"),
        timeout=10,
    )


def floor(worker: Served, slug: str = SLUG) -> dict[str, object]:
    return httpx.get(f"{worker.url}/api/v1/meetings/{slug}/floor", timeout=10).json()


def stream(worker: Served, slug: str = SLUG, **headers: str):  # type: ignore[no-untyped-def]
    return httpx.stream(
        "GET",
        f"{worker.url}/live/{slug}/",
        headers=headers,
        timeout=httpx.Timeout(10, read=15),
    )


def answers_at(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/meetings", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_for(condition) -> None:  # type: ignore[no-untyped-def]
    """Wait, within 30 s, for `condition()`: a bounded wait, not a timing."""
    for _ in range(300):
        if condition():
            return
        threading.Event().wait(0.1)


def read_until(stream_frames, seq: int) -> list[tuple[int, dict[str, object]]]:  # type: ignore[no-untyped-def]
    received = []
    for frame in stream_frames:
        received.append(frame)
        if frame[0] >= seq:
            return received
    raise AssertionError("the stream closed")


def test_each_action_on_one_worker_reaches_the_subscribers_of_the_other_in_order(workers):
    workers.a.token("chair")
    actions = ["next", "pause", "resume", "pause", "resume", "end", "next", "pause", "resume"]

    with stream(workers.b) as response:
        received = frames(response)
        first_seq, first = next(received)
        answers = []
        for action in actions:
            answer = command(workers.a, action)
            assert answer.status_code == 200, answer.text
            answers.append(answer.json())
        seen = read_until(received, answers[-1]["seq"])

    # The first frame on a worker that has handled no command is the floor in the database.
    assert first_seq == first["seq"] == answers[0]["seq"] - 1
    assert [seq for seq, _ in seen] == [answer["seq"] for answer in answers]
    assert [head["speech"] and head["speech"]["running"] for _, head in seen] == [
        answer["speech"] and answer["speech"]["running"] for answer in answers
    ]
    assert [head["speech"] and head["speech"]["entry"] for _, head in seen] == [
        answer["speech"] and answer["speech"]["entry"] for answer in answers
    ]


def test_last_event_id_resumes_on_the_other_worker(workers):
    toggle = "pause" if floor(workers.a)["speech"]["running"] else "resume"
    assert command(workers.a, toggle).status_code == 200
    current = floor(workers.a)["seq"]

    with stream(workers.b, **{"Last-Event-ID": str(current - 2)}) as response:
        seq, head = next(frames(response))
    with live(workers.b.url, last_event_id=current, read=1.5) as response:
        received = until_quiet(response)

    assert seq == head["seq"] == current
    now = floor(workers.a)
    assert (head["speech"]["entry"], head["speech"]["running"]) == (
        now["speech"]["entry"],
        now["speech"]["running"],
    )
    assert received.replace(b": ping\n\n", b"") == b"retry: 2000\n\n"


def test_a_command_on_one_worker_acts_on_what_the_other_appended(workers):
    started = command(workers.a, "next").json()
    paused = command(workers.b, "pause", expected_seq=started["seq"])
    stale = command(workers.a, "resume", expected_seq=started["seq"])

    assert paused.status_code == 200, paused.text
    assert paused.json()["seq"] == started["seq"] + 1
    assert paused.json()["speech"]["entry"] == started["speech"]["entry"]
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert floor(workers.a)["seq"] == floor(workers.b)["seq"] == started["seq"] + 1


def test_without_redis_commands_succeed_and_subscribers_catch_up(workers):
    if not floor(workers.a)["speech"]["running"]:
        command(workers.a, "resume")

    with stream(workers.b) as response:
        received = frames(response)
        next(received)
        workers.link.cut()
        while_cut = [command(workers.a, action) for action in ("pause", "resume", "pause")]
        assert [answer.status_code for answer in while_cut] == [200, 200, 200]
        last_while_cut = while_cut[-1].json()["seq"]
        polled = read_until(received, last_while_cut)

        workers.link.restore()
        wait_for(lambda: workers.link.subscribers() == 2)  # both workers subscribe again
        answers = [command(workers.a, action).json() for action in ("resume", "pause", "resume")]
        relayed = read_until(received, answers[-1]["seq"])

    events = httpx.get(
        f"{workers.a.url}/api/v1/meetings/{SLUG}/events",
        params={"after": last_while_cut - 3},
        timeout=10,
    ).json()["events"]
    assert [event["seq"] for event in events] == list(
        range(last_while_cut - 2, answers[-1]["seq"] + 1)
    )
    # While Redis was away, the subscriber on B caught up from the database: it has the latest floor.
    assert polled[-1][0] == last_while_cut
    assert polled[-1][1]["speech"]["running"] is False
    # Once it is back, every frame comes through it again, in order.
    assert [seq for seq, _ in relayed] == [answer["seq"] for answer in answers]


def test_a_worker_started_while_redis_is_away_serves_and_joins_when_it_returns(workers):
    link = Link(workers.link.upstream)
    link.cut()  # nothing listens at the address the new worker is given
    port = _free_port()
    late = Served(
        f"http://127.0.0.1:{port}",
        {**workers.a.env, "HEMICYCLE_REDIS_URL": link.url},
        _serve({**workers.a.env, "HEMICYCLE_REDIS_URL": link.url}, port),
    )
    try:
        with stream(late) as response:
            received = frames(response)
            next(received)
            toggle = "pause" if floor(workers.a)["speech"]["running"] else "resume"
            polled = command(workers.a, toggle).json()["seq"]
            seen_polling = read_until(received, polled)

            link.restore()
            wait_for(lambda: link.subscribers() == 1)
            actions = (
                ("resume", "pause", "resume") if toggle == "pause" else ("pause", "resume", "pause")
            )
            answers = [command(workers.a, action).json()["seq"] for action in actions]
            relayed = read_until(received, answers[-1])
    finally:
        late.stop()
        link.cut()

    assert seen_polling[-1][0] == polled
    assert [seq for seq, _ in relayed] == answers


def test_one_command_starts_several_workers_each_relaying(workers):
    link = Link(workers.link.upstream)
    port = _free_port()
    env = {**workers.a.env, "HEMICYCLE_REDIS_URL": link.url}
    process = subprocess.Popen(
        [sys.executable, "-m", "hemicycle", "serve", "--port", str(port), "--workers", "2"], env=env
    )
    pair = Served(f"http://127.0.0.1:{port}", env, process)
    try:
        wait_for(lambda: answers_at(pair.url))
        wait_for(lambda: link.subscribers() == 2)
        subscribed = link.subscribers()
        with stream(pair) as response:
            received = frames(response)
            next(received)
            answer = command(
                workers.a, "pause" if floor(workers.a)["speech"]["running"] else "resume"
            )
            seq, _head = next(received)
    finally:
        pair.stop()
        link.cut()

    assert subscribed == 2  # each of the two worker processes listens to Redis
    assert seq == answer.json()["seq"]


def test_two_workers_timing_the_same_speech_end_it_once(workers):
    limit = 6
    workers.a.short_meeting("hard-workers", overrun="hard", statement_s=limit)
    inscribed = httpx.post(
        f"{workers.a.url}/api/v1/meetings/hard-workers/speakers",
        json={"delegation": "GHA"},
        headers=workers.a.token("secretariat"),
        timeout=10,
    )
    assert inscribed.status_code == 201, inscribed.text
    assert command(workers.a, "next", slug="hard-workers").status_code == 200
    # A sets its timer after the command; B sets its own when it starts (timekeeper.watch_all).
    workers.b.stop()
    workers.b.start()

    with stream(workers.b, slug="hard-workers") as response:
        for _seq, head in frames(response):
            if head["speech"] is None:
                break

    events = httpx.get(f"{workers.b.url}/api/v1/meetings/hard-workers/events", timeout=10).json()[
        "events"
    ]
    record = httpx.get(f"{workers.b.url}/api/v1/meetings/hard-workers/record", timeout=10).json()
    assert [event["type"] for event in events].count("speech_ended") == 1
    assert [(r["delegation_name"], r["duration_s"]) for r in record["speeches"]] == [
        ("Ghana", float(limit))
    ]


def test_a_message_forged_in_redis_reaches_no_one_and_freezes_nothing(workers, settings):
    """L1: anyone who can write to Redis cannot put a frame on the screens; and a frame sealed
    with the workers' key but beyond the log (a stale installation's) does not stop the real ones."""
    import redis

    from hemicycle.proceedings import relay

    database = workers.a.env["HEMICYCLE_DATABASE_URL"].rsplit("/", 1)[1]
    channel = f"hemicycle:{database}:floor:{SLUG}"
    frame = b'id: 999999999\nevent: floor\ndata: {"forged": true}\n\n'
    settings.SECRET_KEY = (Path(workers.a.env["HEMICYCLE_DATA_DIR"]) / "secret_key").read_text()
    toggle = "close_list" if floor(workers.a)["list_open"] else "open_list"

    with stream(workers.b) as response:
        received = frames(response)
        next(received)
        publisher = redis.Redis.from_url(REDIS)
        publisher.publish(channel, b"999999999\n" + frame)  # the review's forgery: unsealed
        publisher.publish(channel, relay.seal(SLUG, 999_999_999, frame))  # sealed, beyond the log
        answer = command(workers.a, toggle)
        seq, head = next(received)

    assert answer.status_code == 200
    assert seq == head["seq"] == answer.json()["seq"]
    assert "forged" not in head


def test_a_sealed_message_opens_only_with_its_meeting_and_key(settings):
    from hemicycle.proceedings import relay

    sealed = relay.seal(SLUG, 42, b"data: {}\n\n")

    assert relay.unseal(SLUG, sealed) == (42, b"data: {}\n\n")
    assert relay.unseal("another-meeting", sealed) is None
    assert relay.unseal(SLUG, b"42\ndata: {}\n\n") is None
    settings.SECRET_KEY = "another installation"
    assert relay.unseal(SLUG, sealed) is None
