"""The live stream against a real server: a chair's action reaches subscribers, Last-Event-ID
resumes, and a restart loses nothing."""

import os
import time

import httpx
import pytest

from tests.live.sse import frames, live, until_quiet

SLUG = "r2p-2013"


def command(served, action, **fields):
    response = httpx.post(
        f"{served.url}/api/v1/meetings/{SLUG}/floor",
        json={"action": action, **fields},
        headers=served.token("chair"),
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_chair_action_reaches_the_stream_within_a_second(served):
    served.token("chair")  # issued before the clock starts
    with live(served.url) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = frames(response)
        seq, head = next(stream)
        assert seq == head["seq"]
        sent = time.monotonic()
        after = command(served, "next")
        seq, head = next(stream)
        delay = time.monotonic() - sent

    assert seq == after["seq"] == head["seq"]
    assert head["speech"]["delegation_name"] == after["speech"]["delegation_name"]
    assert delay < 1.0


def test_last_event_id_resumes_without_replaying_what_the_client_has(served):
    current = httpx.get(f"{served.url}/api/v1/meetings/{SLUG}/floor").json()["seq"]

    with live(served.url, last_event_id=current, read=1.5) as response:
        received = until_quiet(response)
    with live(served.url, last_event_id=current - 1) as response:
        seq, head = next(frames(response))

    # Nothing but the retry advice (and perhaps a heartbeat comment) for a client that is up to date.
    assert received.replace(b": ping\n\n", b"") == b"retry: 2000\n\n"
    assert seq == head["seq"] == current


def test_an_unknown_meeting_has_no_stream(served):
    response = httpx.get(f"{served.url}/live/nowhere/")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no meeting with this name."}


def test_stopping_and_restarting_the_server_loses_nothing(tmp_path):
    from tests.conftest import serve_demo

    server = serve_demo(tmp_path, "hemicycle_restart")
    try:
        command(server, "next")
        command(server, "pause")
        before = httpx.get(f"{server.url}/api/v1/meetings/{SLUG}/floor").json()
        listed = httpx.get(f"{server.url}/api/v1/meetings/{SLUG}/speakers").json()["speakers"]

        server.stop(signal=9)
        server.start()
        after = httpx.get(f"{server.url}/api/v1/meetings/{SLUG}/floor").json()
        listed_after = httpx.get(f"{server.url}/api/v1/meetings/{SLUG}/speakers").json()["speakers"]
    finally:
        server.stop()

    assert after["seq"] == before["seq"]
    assert after["speech"] == before["speech"]  # paused: the clock stands still across the restart
    assert listed_after == listed


def test_under_the_hard_policy_the_speech_ends_at_its_limit_by_itself(served):
    served.short_meeting("hard", overrun="hard", statement_s=2)
    base = f"{served.url}/api/v1/meetings/hard"
    httpx.post(f"{base}/speakers", json={"delegation": "GHA"}, headers=served.token("secretariat"))

    with live(served.url, "hard") as response:
        stream = frames(response)
        next(stream)
        started = httpx.post(
            f"{base}/floor", json={"action": "next"}, headers=served.token("chair")
        )
        _, running = next(stream)
        _, ended = next(stream)

    record = httpx.get(f"{base}/record").json()["speeches"]
    assert (
        started.json()["speech"]["delegation_name"]
        == running["speech"]["delegation_name"]
        == "Ghana"
    )
    assert ended["speech"] is None
    assert [(r["delegation_name"], r["duration_s"], r["overrun_s"]) for r in record] == [
        ("Ghana", 2.0, 0.0)
    ]


@pytest.mark.skipif(
    bool(os.environ.get("HEMICYCLE_DATABASE_URL")),
    reason="SQLite's own log; this run is on PostgreSQL",
)
def test_on_sqlite_the_server_keeps_the_write_ahead_log_between_requests(tmp_path):
    """A request's connection closing must not be the last one: SQLite would then checkpoint the
    whole log into the database and delete it, at every request (server/sqlite.py)."""
    from tests.conftest import serve_demo

    server = serve_demo(tmp_path, "hemicycle_wal")
    try:
        command(server, "next")
        command(server, "pause")
        wal = tmp_path / "hemicycle.sqlite3-wal"
        kept = wal.exists() and wal.stat().st_size > 0
    finally:
        server.stop()

    assert kept


def test_a_speech_under_the_hard_policy_ends_by_itself_after_a_restart(tmp_path):
    """The timers set at the server's start (speeches in progress, the window's times) fire: they
    once inherited the start's context and failed ("would deadlock")."""
    from tests.conftest import serve_demo

    server = serve_demo(tmp_path, "hemicycle_hard_restart")
    try:
        server.short_meeting("hard", overrun="hard", statement_s=4)
        base = f"{server.url}/api/v1/meetings/hard"
        httpx.post(
            f"{base}/speakers", json={"delegation": "GHA"}, headers=server.token("secretariat")
        )
        assert (
            httpx.post(
                f"{base}/floor", json={"action": "next"}, headers=server.token("chair")
            ).status_code
            == 200
        )
        server.stop(signal=9)
        server.start()
        time.sleep(5)
        record = httpx.get(f"{base}/record").json()["speeches"]
        now = httpx.get(f"{base}/floor").json()
    finally:
        server.stop()

    assert now["speech"] is None
    assert [(r["delegation_name"], r["duration_s"]) for r in record] == [("Ghana", 4.0)]
