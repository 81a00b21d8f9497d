"""The inscription page: a focal point's request with its statement and receipt; the window set by
the secretariat; a refusal shown as a message, nothing recorded."""

from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from hemicycle.inscription.models import Statement
from hemicycle.inscription.window import window_of
from hemicycle.proceedings import store
from tests.inscription.conftest import signed_in
from tests.inscription.documents import pdf

FORM = {
    "action": "request",
    "delegation": "SVN",
    "speaker": "Andrej Logar",
    "title": "Permanent Representative",
    "level": "permanent_representative",
    "kind": "question",
    "to_panellists": "Adama Dieng\nJennifer Welsh",
    "on_behalf_of": "",
    "group_members": "",
    "segment": "panel",
    "language": "en",
}


def test_a_focal_point_requests_with_a_statement_and_sees_the_receipt(
    make_meeting, accounts, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    meeting = make_meeting()
    page = signed_in(accounts["delegate"])

    sent = page.post(
        "/meetings/dialogue/inscription/",
        {**FORM, "file": SimpleUploadedFile("logar.pdf", pdf())},
        follow=True,
    )

    text = sent.content.decode()
    entry = store.state_of(meeting).waiting()[0]
    assert "Your request to speak is received: position 1 on the list." in text
    assert 'data-testid="receipt"' in text
    assert f"/meetings/dialogue/receipts/{entry.id}/" in text
    assert (entry.kind, entry.to_panellists, entry.segment, entry.language) == (
        "question",
        ("Adama Dieng", "Jennifer Welsh"),
        "panel",
        "en",
    )
    assert Statement.objects.get().filename == "logar.pdf"


def test_a_bad_file_or_an_empty_name_is_shown_on_the_form_and_nothing_is_recorded(
    make_meeting, accounts
):
    meeting = make_meeting()

    sent = signed_in(accounts["delegate"]).post(
        "/meetings/dialogue/inscription/",
        {**FORM, "speaker": " ", "file": SimpleUploadedFile("s.pdf", b"not a pdf")},
    )

    text = sent.content.decode()
    assert sent.status_code == 422
    assert "This field is required." in text
    assert "neither a PDF nor a Word" in text
    assert store.state_of(meeting).entries == {}


def test_a_second_request_is_refused_with_the_place_of_the_first(make_meeting, accounts):
    make_meeting()
    page = signed_in(accounts["delegate"])
    page.post("/meetings/dialogue/inscription/", FORM)

    again = page.post("/meetings/dialogue/inscription/", FORM)

    assert again.status_code == 200
    assert "already inscribed" in again.content.decode()
    assert "position 1" in again.content.decode()


def test_the_secretariat_sets_the_window_in_the_meetings_time_zone(make_meeting, accounts):
    meeting = make_meeting(open_list=False)
    page = signed_in(accounts["secretariat"])

    page.post(
        "/meetings/dialogue/inscription/",
        {"action": "window", "opens": "2027-08-19T10:00", "closes": "2027-09-10T18:00"},
    )
    bad = page.post(
        "/meetings/dialogue/inscription/",
        {"action": "window", "opens": "2027-08-19T10:00", "closes": "2027-08-01T18:00"},
    )
    shown = signed_in(accounts["delegate"]).get("/meetings/dialogue/inscription/").content.decode()

    window = window_of(meeting)
    assert window is not None
    assert window.opens_at == datetime(2027, 8, 19, 14, 0, tzinfo=UTC)
    assert window.closes_at == datetime(2027, 9, 10, 22, 0, tzinfo=UTC)
    assert bad.status_code == 422
    assert "The window must close after it opens." in bad.content.decode()
    assert "The list of speakers opens on 19 August 2027, 10:00 (New York time)." in shown


def test_a_focal_point_cannot_set_the_window(make_meeting, accounts):
    meeting = make_meeting()
    opens = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = signed_in(accounts["delegate"]).post(
        "/meetings/dialogue/inscription/", {"action": "window", "opens": opens}
    )

    assert response.status_code == 403
    assert window_of(meeting) is None


def test_the_chair_closes_the_list_from_the_page(make_meeting, accounts):
    meeting = make_meeting()

    signed_in(accounts["chair"]).post("/meetings/dialogue/inscription/", {"action": "close_list"})

    assert not store.state_of(meeting).list_open
