"""The chair's commands through the API: the floor moves once per command, stale commands are
refused, the record adds up, and the log survives a restart."""

from datetime import datetime, timedelta

from django.utils import timezone

from hemicycle.floor.chain import GENESIS, event_hash, first_break
from hemicycle.proceedings import actions, store
from hemicycle.proceedings.models import FloorEvent


def inscribe(api, *codes):
    for code in codes:
        api.post("/meetings/dialogue/speakers", {"delegation": code, "level": "other"})


def rows(meeting):
    return (
        FloorEvent.objects.filter(meeting=meeting)
        .order_by("seq")
        .values_list("seq", "type", "payload", "at", "actor", "command", "prev_hash", "hash")
    )


def test_next_gives_the_floor_to_the_first_waiting_speaker(api_as, make_meeting):
    make_meeting()
    chair = api_as("chair")
    inscribe(api_as("secretariat"), "AUS", "BEL", "CHE")

    head = chair.post("/meetings/dialogue/floor", {"action": "next"}).json()

    assert head["speech"]["delegation_name"] == "Australia"
    assert head["speech"]["limit_s"] == 180
    assert head["speech"]["running"] is True
    assert [e["delegation"] for e in head["next"]] == ["BEL", "CHE"]


def test_a_stale_command_is_refused_and_the_floor_advances_once(api_as, make_meeting):
    meeting = make_meeting()
    inscribe(api_as("secretariat"), "AUS", "BEL", "CHE")
    seen = api_as("chair").get("/meetings/dialogue/floor").json()["seq"]

    first = api_as("chair").post(
        "/meetings/dialogue/floor", {"action": "next", "expected_seq": seen}
    )
    second = api_as("secretariat").post(
        "/meetings/dialogue/floor", {"action": "next", "expected_seq": seen}
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    assert second.json()["seq"] == first.json()["seq"]
    assert FloorEvent.objects.filter(meeting=meeting, type="speech_started").count() == 1


def test_pause_resume_end_and_the_record(api_as, make_meeting, accounts):
    meeting = make_meeting()
    inscribe(api_as("secretariat"), "AUS")
    chair = accounts["chair"]
    start = timezone.now()
    at = lambda s: start + timedelta(seconds=s)  # noqa: E731

    actions.floor_command(meeting, chair, "next", {}, now=at(0))
    actions.floor_command(meeting, chair, "pause", {}, now=at(60))
    actions.floor_command(meeting, chair, "resume", {}, now=at(90))
    actions.floor_command(meeting, chair, "end", {}, now=at(290))
    record = api_as("chair").get("/meetings/dialogue/record").json()

    assert [
        (s["delegation_name"], s["duration_s"], s["overrun_s"]) for s in record["speeches"]
    ] == [("Australia", 260.0, 80.0)]
    assert record["totals"] == {
        "speeches": 1,
        "duration_s": 260.0,
        "overrun_s": 80.0,
        "overruns": 1,
    }


def test_refused_commands_say_what_to_do_and_leave_the_log_alone(api_as, make_meeting):
    meeting = make_meeting()
    chair = api_as("chair")
    before = list(rows(meeting))

    pause = chair.post("/meetings/dialogue/floor", {"action": "pause"})
    add = chair.post("/meetings/dialogue/floor", {"action": "add_time", "seconds": 30})
    unknown = chair.post("/meetings/dialogue/floor", {"action": "dance"})
    twice = [
        chair.post("/meetings/dialogue/floor", {"action": "start_segment", "segment": "panel"})
        for _ in range(2)
    ][1]
    after_twice = list(rows(meeting))
    undo_log = chair.post("/meetings/dialogue/floor", {"action": "undo"})

    assert (pause.status_code, pause.json()["detail"]) == (409, "Nobody has the floor.")
    assert (add.status_code, add.json()["code"]) == (409, "no_speech")
    assert unknown.status_code == 422
    assert "action" in unknown.json()["fields"]
    assert (twice.status_code, twice.json()["code"]) == (409, "segment_conflict")
    assert after_twice[: len(before)] == before
    assert len(after_twice) == len(before) + 1
    assert undo_log.status_code == 200
    assert undo_log.json()["segment"] is None


def test_only_the_chair_and_the_secretariat_run_the_floor(api, api_as, make_meeting):
    meeting = make_meeting()
    before = list(rows(meeting))

    anonymous = api.post("/meetings/dialogue/floor", {"action": "open_list"})
    delegate = api_as("delegate").post("/meetings/dialogue/floor", {"action": "close_list"})

    assert anonymous.status_code == 401
    assert delegate.status_code == 403
    assert list(rows(meeting)) == before


def test_a_token_stops_working_at_once_when_its_account_loses_the_office_or_is_revoked(
    api_as, make_meeting, accounts
):
    from hemicycle.accounts.models import ApiToken, Officer
    from hemicycle.demo import loader

    meeting = make_meeting()
    chair = api_as("chair")
    before = chair.post("/meetings/dialogue/floor", {"action": "close_list"})
    Officer.objects.get(user=accounts["chair"], meeting=meeting).delete()
    demoted = chair.post("/meetings/dialogue/floor", {"action": "open_list"})
    loader.preside(meeting)
    restored = chair.post("/meetings/dialogue/floor", {"action": "open_list"})
    # Revoked as the user's page does it: one UPDATE, no signal for any memory to hear.
    ApiToken.objects.filter(user=accounts["chair"]).update(revoked_at=timezone.now())
    revoked = chair.post("/meetings/dialogue/floor", {"action": "close_list"})

    assert before.status_code == 200
    assert demoted.status_code == 403
    assert restored.status_code == 200
    assert revoked.status_code == 401


def test_point_of_order_interrupts_and_the_speech_resumes(api_as, make_meeting):
    make_meeting()
    chair = api_as("chair")
    inscribe(api_as("secretariat"), "AUS")
    chair.post("/meetings/dialogue/floor", {"action": "next"})

    raised = chair.post(
        "/meetings/dialogue/floor", {"action": "point_of_order", "delegation": "FRA"}
    ).json()
    ended = chair.post("/meetings/dialogue/floor", {"action": "end"}).json()

    assert (raised["speech"]["kind"], raised["speech"]["delegation_name"]) == (
        "point_of_order",
        "France",
    )
    assert [s["delegation_name"] for s in raised["interrupted"]] == ["Australia"]
    assert (ended["speech"]["delegation_name"], ended["speech"]["running"]) == ("Australia", True)


def test_the_log_is_a_verified_hash_chain_and_pages(api_as, make_meeting):
    meeting = make_meeting()
    inscribe(api_as("secretariat"), "AUS", "BEL", "CHE")

    page = api_as("chair").get("/meetings/dialogue/events", after=0, limit=2).json()
    rest = api_as("chair").get("/meetings/dialogue/events", after=page["next_after"]).json()

    assert [e["seq"] for e in page["events"] + rest["events"]] == list(range(1, 6))
    assert rest["next_after"] is None
    assert first_break(rows(meeting)) is None
    FloorEvent.objects.filter(meeting=meeting, seq=3).update(payload={"delegation": "FRA"})
    assert first_break(rows(meeting)).seq == 3


def test_anyone_can_recompute_the_chain_from_the_public_log(api, api_as, make_meeting):
    make_meeting()
    inscribe(api_as("secretariat"), "AUS", "BEL")
    api_as("chair").post("/meetings/dialogue/floor", {"action": "next"})

    events = api.get("/meetings/dialogue/events").json()["events"]

    prev = GENESIS
    for e in events:
        at = datetime.fromisoformat(e["at"])
        recomputed = event_hash(
            prev, e["seq"], e["type"], e["payload"], at, e["actor"], e["command"]
        )
        assert (e["prev_hash"], e["hash"]) == (prev, recomputed)
        prev = e["hash"]
    assert len(events) >= 4


def test_a_restart_loses_nothing_the_floor_is_the_fold_of_the_log(api_as, make_meeting):
    meeting = make_meeting()
    inscribe(api_as("secretariat"), "AUS", "BEL")
    api_as("chair").post("/meetings/dialogue/floor", {"action": "next"})
    before = api_as("chair").get("/meetings/dialogue/speakers").json()

    store.forget_cache()  # what a new process starts with

    assert (
        api_as("chair").get("/meetings/dialogue/speakers").json()["speakers"] == before["speakers"]
    )
    assert store.state_of(meeting).speech.delegation_name == "Australia"


def test_a_token_from_the_command_line_works(make_meeting, accounts, client):
    from io import StringIO

    from django.core.management import call_command

    make_meeting()
    out = StringIO()
    call_command("token", "chair", stdout=out)

    response = client.post(
        "/api/v1/meetings/dialogue/floor",
        {"action": "close_list"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {out.getvalue().strip()}"},
    )

    assert response.status_code == 200
    assert response.json()["list_open"] is False


def test_a_refusal_is_worded_in_the_callers_language(client, make_meeting, token_for):
    make_meeting()
    headers = token_for("chair")

    def pause(language):
        return client.post(
            "/api/v1/meetings/dialogue/floor",
            {"action": "pause"},
            content_type="application/json",
            headers={**headers, "Accept-Language": language},
        ).json()["detail"]

    assert pause("en") == "Nobody has the floor."
    assert pause("fr") == "Personne n’a la parole."
    assert pause("es") != pause("en") != pause("ru")


def test_out_of_range_numbers_are_answered_not_crashed_on(api_as, make_meeting):
    make_meeting()
    chair = api_as("chair")
    huge = 10**20

    events = chair.get("/meetings/dialogue/events", after=huge)
    move = chair.post(
        "/meetings/dialogue/floor",
        {"action": "move", "entry": huge, "position": huge, "reason": "test"},
    )
    stale = chair.post("/meetings/dialogue/floor", {"action": "next", "expected_seq": huge})

    assert (events.status_code, events.json()["events"]) == (200, [])
    assert (move.status_code, move.json()["code"]) == (404, "unknown_entry")
    assert (stale.status_code, stale.json()["code"]) == (409, "stale")


def test_the_list_is_refetched_only_when_it_changes_not_when_a_clock_does(
    api, api_as, make_meeting
):
    make_meeting()
    inscribe(api_as("secretariat"), "AUS", "BEL")
    chair = api_as("chair")
    given = chair.post("/meetings/dialogue/floor", {"action": "next"}).json()
    etag = api.get("/meetings/dialogue/speakers")["ETag"]

    paused = chair.post("/meetings/dialogue/floor", {"action": "pause"}).json()
    extended = chair.post("/meetings/dialogue/floor", {"action": "add_time", "seconds": 30}).json()
    api.headers = {"If-None-Match": etag}
    after_clock = api.get("/meetings/dialogue/speakers").status_code
    ended = chair.post("/meetings/dialogue/floor", {"action": "end"}).json()
    after_end = api.get("/meetings/dialogue/speakers").status_code

    assert given["list_seq"] == paused["list_seq"] == extended["list_seq"] < ended["list_seq"]
    assert paused["seq"] > given["seq"]
    assert (after_clock, after_end) == (304, 200)
