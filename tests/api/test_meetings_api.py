"""The read side of the contract: meetings, programme, delegations, OpenAPI."""

from collections import Counter


def test_meetings_lists_the_meeting_with_its_programme(api, make_meeting):
    make_meeting("r2p")

    listed = api.get("/meetings").json()
    detail = api.get("/meetings/r2p").json()

    assert [m["slug"] for m in listed] == ["r2p"]
    assert detail["timezone"] == "America/New_York"
    assert [s["key"] for s in detail["segments"]] == [
        "opening",
        "panel",
        "lunch",
        "afternoon",
        "closing",
    ]
    assert detail["segments"][1]["speakers"][1]["name"] == "Jennifer Welsh"


def test_unknown_meeting_is_a_json_404_that_says_where_to_look(api, db):
    response = api.get("/meetings/nowhere/speakers")

    assert response.status_code == 404
    assert response.json()["detail"] == "There is no meeting “nowhere”; see /api/v1/meetings."


def test_delegations_are_the_193_member_states_and_the_observers(api, db):
    member_states = api.get("/delegations", category="member_state").json()
    groups = Counter(d["regional_group"] for d in member_states)
    observers = api.get("/delegations", category="observer_state").json()

    assert len(member_states) == 193
    assert groups == {
        "AFRICAN": 54,
        "ASIA_PACIFIC": 54,
        "EASTERN_EUROPEAN": 23,
        "GRULAC": 33,
        "WEOG": 29,
    }
    assert sorted(d["name"] for d in observers) == ["Holy See", "State of Palestine"]


def test_openapi_documents_the_contract(api, db):
    paths = api.get("/openapi.json").json()["paths"]

    assert set(paths) >= {
        "/api/v1/meetings",
        "/api/v1/meetings/{slug}",
        "/api/v1/delegations",
        "/api/v1/meetings/{slug}/speakers",
        "/api/v1/meetings/{slug}/speakers/{entry_id}",
        "/api/v1/meetings/{slug}/floor",
        "/api/v1/meetings/{slug}/events",
        "/api/v1/meetings/{slug}/record",
    }
    assert set(paths["/api/v1/meetings/{slug}/speakers"]) == {"get", "post"}
