"""Shared fixtures: a fresh floor cache per test, the demo accounts, a small meeting, API clients."""

import os
import socket
import subprocess
import sys
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip a test whose service is missing on a developer's machine; fail it under CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true", pytrace=False)
    pytest.skip(f"{what} is not available here (under CI=true this test fails instead)")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _signing_key(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's own signing key (made at the first signature), not the checkout's var/."""
    from django.conf import settings

    settings.HEMICYCLE_SIGNING_DIR = tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _fresh_floor_cache() -> None:
    from django.core.cache import cache

    from hemicycle.accounts import auth
    from hemicycle.proceedings import store

    store.forget_cache()
    auth.forget()  # what a new process starts with: no token known
    cache.clear()  # nor any client's count of attempts (accounts/throttle.py)


@pytest.fixture
def accounts(db: Any) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from hemicycle.demo import loader
    from hemicycle.meetings.models import Meeting

    loader.accounts()
    for meeting in Meeting.objects.all():  # the demo's chair presides over the tests' meetings
        loader.preside(meeting)
    outsider = User.objects.create_user("outsider", password="hemicycle")
    return {
        u.username: u
        for u in User.objects.filter(username__in=["secretariat", "chair", "delegate", "outsider"])
    } | {"outsider": outsider}


@pytest.fixture
def make_meeting(db: Any) -> Callable[..., Any]:
    from django.contrib.auth.models import User

    from hemicycle import floor
    from hemicycle.demo import loader
    from hemicycle.meetings.models import Meeting, Segment
    from hemicycle.proceedings import store

    def make(
        slug: str = "dialogue",
        *,
        policy: str = "un_dialogue",
        overrun: str = "soft",
        open_list: bool = True,
        limits: dict[str, int] | None = None,
    ) -> Meeting:
        meeting = Meeting.objects.create(
            slug=slug,
            title="Informal interactive dialogue",
            date=date(2013, 9, 11),
            timezone="America/New_York",
            policy=policy,
            overrun=overrun,
            limits=limits or {"statement": 180},
        )
        plan = [
            (
                "opening",
                "opening",
                "Opening remarks",
                "10:00",
                "10:30",
                [{"name": "Ban Ki-moon", "title": "Secretary-General", "role": "opening"}],
            ),
            (
                "panel",
                "panel",
                "Panel discussion",
                "10:30",
                "13:00",
                [
                    {"name": "Adama Dieng", "role": "moderator"},
                    {"name": "Jennifer Welsh", "role": "panellist"},
                ],
            ),
            ("lunch", "break", "Break", "13:00", "15:00", []),
            ("afternoon", "dialogue", "Interactive dialogue", "15:00", "17:45", []),
            (
                "closing",
                "closing",
                "Concluding remarks",
                "17:45",
                "18:00",
                [{"name": "Vuk Jeremić", "role": "closing"}],
            ),
        ]
        for order, (key, kind, title, starts, ends, speakers) in enumerate(plan):
            Segment.objects.create(
                meeting=meeting,
                key=key,
                order=order,
                kind=kind,
                title=title,
                starts=time.fromisoformat(starts),
                ends=time.fromisoformat(ends),
                speakers=speakers,
            )
        if User.objects.filter(username="chair").exists():  # the demo's chair presides over it
            loader.preside(meeting)
        store.configure(meeting)
        if open_list:
            store.execute(meeting, lambda s, now: floor.decide(s, "open_list", now), actor="test")
        return meeting

    return make


@pytest.fixture
def token_for(accounts: dict[str, Any]) -> Callable[[str], dict[str, str]]:
    from hemicycle.accounts.models import ApiToken

    def headers(username: str) -> dict[str, str]:
        _token, secret = ApiToken.issue(accounts[username], "test")
        return {"Authorization": f"Bearer {secret}"}

    return headers


@dataclass
class Served:
    """A real Hemicycle server (uvicorn, the demo loaded) in its own process."""

    url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def hemicycle(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "hemicycle", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def token(self, username: str) -> dict[str, str]:
        """Bearer headers for `username`, issued once (a command-line start takes a second)."""
        if username not in self.tokens:
            self.tokens[username] = self.hemicycle("token", username)
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def short_meeting(self, slug: str, *, overrun: str, statement_s: int) -> None:
        """A meeting with a short statement limit, its list open, created in the served database."""
        self.hemicycle(
            "shell", "-c", SHORT_MEETING.format(slug=slug, overrun=overrun, limit=statement_s)
        )

    def stop(self, signal: int = 15) -> None:
        self.process.send_signal(signal)
        self.process.wait(timeout=10)

    def start(self) -> None:
        self.process = _serve(self.env, int(self.url.rsplit(":", 1)[1]))


SHORT_MEETING = """
from datetime import date
from hemicycle import floor
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store
from hemicycle.demo import loader
m = Meeting.objects.create(slug="{slug}", title="Short limits", date=date(2013, 9, 11),
                           overrun="{overrun}", limits={{"statement": {limit}}})
loader.preside(m)
store.configure(m)
store.execute(m, lambda s, now: floor.decide(s, "open_list", now), actor="test")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    import httpx

    process = subprocess.Popen(
        [sys.executable, "-m", "hemicycle", "serve", "--port", str(port)], env=env
    )
    deadline = clock.monotonic() + 20
    while clock.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/meetings", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            clock.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start within 20 s")


# The PostgreSQL server for what needs one whatever the suite's database (the Makefile passes it).
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def _server_database(name: str, base: str | None = None) -> str:
    """A fresh PostgreSQL database for a served process, beside `base` (by default the suite's own,
    if the suite runs on PostgreSQL; otherwise the process gets SQLite); named after that database,
    so that suites sharing a server do not drop each other's."""
    url = os.environ.get("HEMICYCLE_DATABASE_URL", "") if base is None else base
    if not url:
        return ""
    import psycopg

    name = f"{url.rsplit('/', 1)[1]}_{name}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def serve_demo(data_dir: Path, name: str) -> Served:
    env = {**os.environ, "HEMICYCLE_DATA_DIR": str(data_dir)}
    env["HEMICYCLE_DATABASE_URL"] = _server_database(name)
    subprocess.run(
        [sys.executable, "-m", "hemicycle", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    return Served(f"http://127.0.0.1:{port}", env, _serve(env, port))


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = serve_demo(tmp_path_factory.mktemp("served"), "hemicycle_served")
    yield server
    server.stop()
