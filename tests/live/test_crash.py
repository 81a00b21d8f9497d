"""Crash recovery: the server is killed (SIGKILL) in the middle of a speech and started again on the
same port and database. The floor, the speech's clock, every inscription and the log are as they
were, the clock counted the downtime, and a connected client resumes where it stopped."""

from datetime import datetime

import httpx
import pytest

from tests.conftest import serve_demo
from tests.live.sse import frames, live

SLUG = "crash"
DELEGATIONS = ["GHA", "SVN", "BRA", "JPN", "KEN", "FRA"]
CLOCK = ("elapsed_s", "remaining_s")  # they move with the clock; checked against its timestamps


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def server(tmp_path):
    server = serve_demo(tmp_path, "hemicycle_crash")
    yield server
    server.stop()


def test_a_killed_server_comes_back_with_the_floor_its_clock_and_every_inscription(server):
    base = f"{server.url}/api/v1/meetings/{SLUG}"
    server.short_meeting(SLUG, overrun="soft", statement_s=600)
    secretariat, chair = server.token("secretariat"), server.token("chair")

    def act(action):
        answer = httpx.post(f"{base}/floor", json={"action": action}, headers=chair)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def seen():
        events, after = [], 0
        while after is not None:
            page = httpx.get(f"{base}/events", params={"after": after}).json()
            events += page["events"]
            after = page["next_after"]
        return {
            "floor": httpx.get(f"{base}/floor").json(),
            "speakers": httpx.get(f"{base}/speakers").json()["speakers"],
            "record": httpx.get(f"{base}/record").json()["speeches"],
            "events": events,
        }

    for code in DELEGATIONS:
        inscribed = httpx.post(f"{base}/speakers", json={"delegation": code}, headers=secretariat)
        assert inscribed.status_code == 201, inscribed.text
    act("next")
    act("end")  # one speech in the record
    act("next")
    act("pause")
    act("resume")  # the speech under way has a pause behind it

    with live(server.url, SLUG) as stream:
        received = frames(stream)
        held, head = next(received)
        before = seen()
        server.stop(signal=9)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            next(received)  # the connected client sees its stream break
    server.start()
    after = seen()

    # The floor's head: the same seq, the same speaker, the same waiting list and record.
    assert held == head["seq"] == before["floor"]["seq"] == after["floor"]["seq"]
    speech = {k: v for k, v in after["floor"]["speech"].items() if k not in CLOCK}
    assert speech == {k: v for k, v in before["floor"]["speech"].items() if k not in CLOCK}
    assert {"entry", "delegation", "started_at", "limit_s", "running"} <= set(speech)
    assert after["floor"]["speech"]["running"] is True
    assert after["floor"]["next"] == before["floor"]["next"]
    assert len(after["floor"]["next"]) == 3
    assert after["speakers"] == before["speakers"]
    assert after["record"] == before["record"]
    assert len(after["record"]) == 1
    # Every inscription, and every event with its hash.
    assert after["events"] == before["events"]
    inscribed = [
        e["payload"]["delegation"] for e in after["events"] if e["type"] == "speaker_inscribed"
    ]
    assert inscribed == DELEGATIONS
    assert server.hemicycle("verify", SLUG).startswith(f"ok: {SLUG}: {len(after['events'])} events")

    # The clock: elapsed time is the server's time since the start less the pause, downtime included.
    by_type = {e["type"]: when(e["at"]) for e in after["events"]}
    paused = (by_type["speech_resumed"] - by_type["speech_paused"]).total_seconds()
    now = when(after["floor"]["server_time"])
    expected = (now - by_type["speech_started"]).total_seconds() - paused
    assert after["floor"]["speech"]["elapsed_s"] == pytest.approx(expected, abs=0.01)
    downtime = (now - when(before["floor"]["server_time"])).total_seconds()
    gained = after["floor"]["speech"]["elapsed_s"] - before["floor"]["speech"]["elapsed_s"]
    assert gained == pytest.approx(downtime, abs=0.01)

    # The client reconnects with the last id it had: nothing it has is sent again, and it follows
    # the floor from there on.
    with live(server.url, SLUG, last_event_id=held) as stream:
        received = frames(stream)
        paused_now = act("pause")
        seq, head = next(received)
    # A client that missed a change while away gets the current floor at once.
    with live(server.url, SLUG, last_event_id=held) as stream:
        latest, current = next(frames(stream))

    assert seq == paused_now["seq"] == held + 1
    assert head["speech"]["running"] is False
    assert head["speech"]["entry"] == before["floor"]["speech"]["entry"]
    assert (latest, current["seq"]) == (held + 1, held + 1)
