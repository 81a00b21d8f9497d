"""A secretariat sets up and runs a new meeting from a script, with the API alone: the meeting, its
programme, documents, window and announcement, then the requests to speak and the floor. Bad input
gets a clear 4xx and changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hemicycle.meetings.models import Document, Meeting
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.documents import docx, pdf

MEETING = {
    "slug": "poc-2026",
    "title": "Security Council open debate on the protection of civilians",
    "body": "Security Council",
    "date": "2026-12-04",
    "starts": "10:00:00",
    "ends": "18:00:00",
    "timezone": "America/New_York",
    "venue": "Security Council Chamber",
    "languages": ["en", "fr"],
    "limits": {"statement": 240},
    "background": "Confidential background until convened.",
}
PROGRAMME = [
    {"kind": "opening", "title": "Briefings", "starts": "10:00:00", "ends": "10:45:00",
     "speakers": [{"name": "António Guterres", "title": "Secretary-General"}]},
    {"kind": "dialogue", "title": "Open debate", "starts": "10:45:00", "ends": "13:00:00"},
    {"kind": "closing", "title": "Closing", "starts": "17:30:00", "ends": "18:00:00"},
]  # fmt: skip


def upload(client: Client, path: str, fields: dict, headers: dict) -> object:
    return client.post(f"/api/v1{path}", fields, headers=headers)


@pytest.fixture
def secretariat(api_as):
    return api_as("secretariat")


def test_a_secretariat_sets_up_and_runs_a_meeting_from_the_api(
    secretariat, api_as, api, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The meeting, a draft: nobody else sees it.
    created = secretariat.post("/meetings", MEETING)
    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["limits"]) == ("draft", {"statement": 240})
    assert api.get("/meetings/poc-2026").status_code == 404
    assert "poc-2026" not in [m["slug"] for m in api.get("/meetings").json()]
    assert secretariat.get("/meetings/poc-2026").json()["background"].startswith("Confidential")

    # The programme, segment by segment, then published.
    keys = []
    for segment in PROGRAMME:
        added = secretariat.post("/meetings/poc-2026/segments", segment)
        assert added.status_code == 201, added.json()
        keys.append(added.json()["key"])
    assert keys == ["briefings", "open-debate", "closing"]
    moved = secretariat.patch("/meetings/poc-2026/segments/open-debate", {"ends": "12:30:00"})
    assert moved.json()["ends"] == "12:30:00"
    published = secretariat.post("/meetings/poc-2026/programme/versions", {"final": False})
    assert (published.status_code, published.json()["number"]) == (201, 1)

    # A document with its English file, then its French one.
    headers = secretariat.headers
    client = Client()
    document = upload(
        client,
        "/meetings/poc-2026/documents",
        {"symbol": "S/2026/999", "title": "Concept note", "kind": "concept_note",
         "date": "2026-11-20", "language": "en", "file": _file("note.pdf", pdf())},
        headers,
    )  # fmt: skip
    assert document.status_code == 201, document.json()
    pk = document.json()["id"]
    french = upload(
        client,
        f"/meetings/poc-2026/documents/{pk}/files",
        {"language": "fr", "file": _file("note-fr.docx", docx("Note"))},
        headers,
    )
    assert [f["language"] for f in french.json()["files"]] == ["en", "fr"]

    # The window, an announcement, and the meeting convened.
    now = timezone.now()
    window = secretariat.client.put(
        "/api/v1/meetings/poc-2026/window",
        {"opens_at": (now - timedelta(hours=1)).isoformat(),
         "closes_at": (now + timedelta(days=1)).isoformat()},
        content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert (window.status_code, window.json()["phase"]) == (200, "open"), window.json()
    news = secretariat.post(
        "/meetings/poc-2026/announcements", {"title": "Speakers' list", "body": "Open now."}
    )
    assert news.status_code == 201
    convened = secretariat.patch("/meetings/poc-2026", {"status": "convened"})
    assert convened.json()["status"] == "convened"
    public = api.get("/meetings/poc-2026").json()
    assert [d["symbol"] for d in public["documents"]] == ["S/2026/999"]
    assert [a["title"] for a in api.get("/meetings/poc-2026/announcements").json()] == [
        "Speakers' list"
    ]

    # A focal point inscribes within the window; the secretariat inscribes France.
    delegate = api_as("delegate")
    slovenia = delegate.post(
        "/meetings/poc-2026/speakers",
        {"delegation": "SVN", "speaker": "Andrej Logar", "level": "permanent_representative"},
    )
    assert slovenia.status_code == 201, slovenia.json()
    assert slovenia.json()["entry"]["segment"] == "open-debate"
    france = secretariat.post(
        "/meetings/poc-2026/speakers", {"delegation": "FRA", "speaker": "N. de Rivière"}
    )
    assert france.json()["receipt"]["position"] == 2

    # The floor: the debate starts, Slovenia speaks; the meeting is in progress, then concluded.
    def command(action: str, **fields: object) -> dict:
        answer = secretariat.post("/meetings/poc-2026/floor", {"action": action, **fields})
        assert answer.status_code == 200, answer.json()
        return answer.json()

    command("start_segment", segment="open-debate")
    assert api.get("/meetings/poc-2026").json()["status"] == "in_progress"
    assert command("next")["speech"]["delegation"] == "SVN"
    command("end")
    command("start_segment", segment="closing")
    command("end_segment")
    assert api.get("/meetings/poc-2026").json()["status"] == "concluded"
    record = api.get("/meetings/poc-2026/record").json()
    assert [s["delegation"] for s in record["speeches"]] == ["SVN"]


def _file(name: str, content: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.fixture
def draft(secretariat):
    assert secretariat.post("/meetings", MEETING).status_code == 201
    for segment in PROGRAMME:
        assert secretariat.post("/meetings/poc-2026/segments", segment).status_code == 201
    return Meeting.objects.get(slug="poc-2026")


def test_a_segment_that_overlaps_is_refused_with_the_editors_words(secretariat, draft):
    response = secretariat.post(
        "/meetings/poc-2026/segments",
        {"kind": "break", "title": "Lunch", "starts": "12:00:00", "ends": "15:00:00"},
    )

    assert response.status_code == 422
    assert "overlaps “Open debate” (10:45–13:00)" in response.json()["detail"]
    assert draft.segments.count() == 3


def test_a_meeting_and_its_parts_are_404_to_anyone_but_its_secretariat(draft, api, api_as):
    delegate = api_as("delegate")
    chair = api_as("chair")

    for client in (api, delegate, chair):
        assert client.get("/meetings/poc-2026").status_code == 404
        assert client.get("/meetings/poc-2026/floor").status_code == 404
        assert client.get("/meetings/poc-2026/events").status_code == 404
        assert client.get("/meetings/poc-2026/speakers").status_code == 404
    refused = delegate.post("/meetings/poc-2026/speakers", {"delegation": "SVN", "speaker": "A"})
    assert refused.status_code == 404
    assert chair.post("/meetings/poc-2026/floor", {"action": "close_list"}).status_code == 404


def test_a_convened_meeting_is_kept_only_a_draft_is_deleted(secretariat, draft):
    assert secretariat.patch("/meetings/poc-2026", {"status": "convened"}).status_code == 200

    kept = secretariat.delete("/meetings/poc-2026")
    back = secretariat.patch("/meetings/poc-2026", {"status": "draft"})

    assert (kept.status_code, kept.json()["code"]) == (409, "stage")
    assert back.status_code == 422
    assert "moves forward only" in back.json()["fields"]["status"]
    assert Meeting.objects.filter(slug="poc-2026", status="convened").exists()


def test_a_draft_is_deleted(secretariat, draft):
    assert secretariat.delete("/meetings/poc-2026").status_code == 204
    assert not Meeting.objects.filter(slug="poc-2026").exists()


def test_bad_meeting_fields_name_the_field_and_create_nothing(secretariat, db):
    response = secretariat.post(
        "/meetings", {**MEETING, "timezone": "Mars/Olympus", "limits": {"speech": 60}}
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {"limits.speech": "There is no kind of speech “speech”."}
    response = secretariat.post("/meetings", {**MEETING, "timezone": "Mars/Olympus"})
    assert "is not a time zone we know" in response.json()["fields"]["timezone"]
    assert not Meeting.objects.exists()


def test_a_document_needs_its_symbol_or_its_file(secretariat, draft):
    response = secretariat.client.post(
        "/api/v1/meetings/poc-2026/documents",
        {"title": "Note", "kind": "concept_note"},
        headers=secretariat.headers,
    )

    assert response.status_code == 422
    assert "needs its symbol" in response.json()["detail"]
    assert not Document.objects.exists()


def test_unknown_meeting_segment_and_path_are_json_404(secretariat, draft):
    assert secretariat.patch("/meetings/nowhere", {"title": "X"}).status_code == 404
    unknown = secretariat.patch("/meetings/poc-2026/segments/nowhere", {"title": "X"})
    assert unknown.json()["code"] == "not_found"
    path = Client().get("/api/v1/no/such/thing")
    assert (path.status_code, path["Content-Type"], path.json()["code"]) == (
        404,
        "application/json; charset=utf-8",
        "not_found",
    )


def test_moving_to_a_position_that_does_not_exist_changes_nothing(api_as, make_meeting):
    secretariat = api_as("secretariat")
    make_meeting()
    entry = secretariat.post(
        "/meetings/dialogue/speakers", {"delegation": "FRA", "speaker": "A"}
    ).json()["entry"]["id"]
    before = FloorEvent.objects.count()

    moved = secretariat.post(
        "/meetings/dialogue/floor", {"action": "move", "entry": entry, "position": 5, "reason": "x"}
    )

    assert (moved.status_code, moved.json()["detail"]) == (
        422,
        "Choose a position between 1 and 1.",
    )
    assert FloorEvent.objects.count() == before


def test_in_progress_and_concluded_are_the_floors_to_set(secretariat, draft):
    secretariat.patch("/meetings/poc-2026", {"status": "convened"})
    by_hand = secretariat.patch("/meetings/poc-2026", {"status": "in_progress"})
    secretariat.post(
        "/meetings/poc-2026/floor", {"action": "start_segment", "segment": "briefings"}
    )
    back = secretariat.patch("/meetings/poc-2026", {"status": "convened"})

    assert (by_hand.status_code, by_hand.json()["code"]) == (409, "stage")
    assert "its stage follows the floor" in back.json()["detail"]
    assert Meeting.objects.get(slug="poc-2026").status == "in_progress"
