"""A secretariat sets up, staffs and runs a new meeting from the product's pages alone, with no
Django admin: the meeting, its programme, a document, the window, an announcement, convening it;
a presiding officer appointed on the staff page; a focal point inscribes; the secretariat corrects
the list on its requests page; the presiding officer runs the floor (the console's own calls) and
the meeting concludes."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hemicycle.meetings.models import Meeting
from hemicycle.proceedings.models import FloorEvent
from tests.convening.test_secretariat_pages import meeting_form, programme_form
from tests.inscription.documents import pdf

NEW = [
    {"kind": "opening", "title": "Briefings", "starts": "10:00", "ends": "10:30",
     "speakers_text": "Ban Ki-moon | Secretary-General"},
    {"kind": "dialogue", "title": "Interactive dialogue", "starts": "10:30", "ends": "12:30"},
    {"kind": "closing", "title": "Closing", "starts": "12:30", "ends": "13:00"},
]  # fmt: skip


def test_a_secretariat_sets_up_and_runs_a_meeting_from_the_pages(
    signed_in, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = signed_in("secretariat")

    # A draft: nobody else sees it.
    assert page.post("/manage/new/", meeting_form()).status_code == 302
    meeting = Meeting.objects.get(slug="r2p-2014")
    assert meeting.status == "draft"
    assert client.get("/meetings/r2p-2014/").status_code == 404

    # The programme, published; a document; the window; an announcement.
    saved = page.post("/manage/r2p-2014/programme/", programme_form(meeting, new=NEW))
    assert saved.status_code == 302
    assert list(meeting.segments.values_list("key", flat=True)) == [
        "briefings",
        "interactive-dialogue",
        "closing",
    ]
    page.post("/manage/r2p-2014/programme/", {"publish": "tentative"})
    document = page.post(
        "/manage/r2p-2014/documents/",
        {"symbol": "A/68/947", "title": "Concept note", "kind": "concept_note", "language": "en",
         "upload": SimpleUploadedFile("note.pdf", pdf())},
    )  # fmt: skip
    assert document.status_code == 302
    now = timezone.now().astimezone(meeting.tz)
    window = page.post(
        "/meetings/r2p-2014/inscription/",
        {"action": "window", "opens": f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}",
         "closes": f"{now + timedelta(days=1):%Y-%m-%dT%H:%M}"},
    )  # fmt: skip
    assert window.status_code == 302
    page.post("/manage/r2p-2014/announcements/", {"title": "The list is open", "body": "Inscribe."})

    # Convened: the public page shows it, with its document and announcement.
    assert page.post("/manage/r2p-2014/", meeting_form(status="convened")).status_code == 302
    public = client.get("/meetings/r2p-2014/").content.decode()
    assert "A/68/947" in public
    assert "The list is open" in public

    # Staffed: a presiding officer appointed by e-mail (an account made and invited).
    appointed = page.post(
        "/manage/r2p-2014/staff/",
        {"action": "appoint", "name": "Vuk Jeremić", "email": "pga@un.example", "office": "presiding"},
    )  # fmt: skip
    assert appointed.status_code == 302
    president = Client()
    president.force_login(User.objects.get(email="pga@un.example"))
    assert president.get("/meetings/r2p-2014/console/").status_code == 200
    assert president.get("/meetings/r2p-2013/console/").status_code in (403, 404)

    # A focal point inscribes Slovenia; the secretariat inscribes France as a minister.
    delegate = signed_in("delegate")
    request = {"action": "request", "speaker": "Andrej Logar", "level": "permanent_representative",
               "kind": "statement", "segment": ""}  # fmt: skip
    assert delegate.post("/meetings/r2p-2014/inscription/", {**request, "delegation": "SVN"}).status_code == 302  # fmt: skip
    page.post("/meetings/r2p-2014/inscription/", {**request, "delegation": "FRA", "level": "minister", "speaker": "L. Fabius"})  # fmt: skip
    state = {e.delegation: e.id for e in _entries(meeting)}

    # The requests page: Slovenia moved ahead, with the reason recorded.
    page.post("/manage/r2p-2014/requests/", {"action": "move", "entry": state["SVN"], "position": "1", "reason": "Host of the dialogue"})  # fmt: skip
    listed = page.get("/manage/r2p-2014/requests/").content.decode()
    assert listed.index("Slovenia") < listed.index("France")
    assert "Host of the dialogue" in listed

    # The floor, as the console sends it (the session's own calls), run by the presiding officer:
    # the meeting runs and ends.
    def floor(action: str, **fields: object) -> dict:
        answer = president.post(
            "/api/v1/meetings/r2p-2014/floor",
            {"action": action, **fields},
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.content
        return answer.json()

    floor("start_segment", segment="interactive-dialogue")
    meeting.refresh_from_db()
    assert meeting.status == "in_progress"
    assert floor("next")["speech"]["delegation"] == "SVN"
    floor("end")
    assert floor("next")["speech"]["delegation"] == "FRA"
    floor("start_segment", segment="closing")
    floor("end_segment")
    meeting.refresh_from_db()
    assert meeting.status == "concluded"
    record = client.get("/meetings/r2p-2014/record/").content.decode()
    assert record.index("Slovenia") < record.index("France")
    moved = FloorEvent.objects.get(meeting=meeting, type="speaker_moved")
    assert moved.actor.startswith("secretariat#")
    started = FloorEvent.objects.filter(meeting=meeting, type="segment_started").first()
    assert started.actor == f"chair#{User.objects.get(email='pga@un.example').pk}"


def _entries(meeting):
    from hemicycle.proceedings import store

    return store.state_of(meeting).entries.values()
