"""The secretariat's pages: who may open them, the meeting form, the programme editor (and the
floor kept in step), documents with their files, announcements."""

import hashlib
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from hemicycle.meetings import uploads
from hemicycle.meetings.models import Document, Meeting
from hemicycle.proceedings import store

PAGES = ["/manage/", "/manage/dialogue/", "/manage/dialogue/programme/", "/manage/dialogue/documents/",
         "/manage/dialogue/announcements/", "/manage/dialogue/letters/"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_only_the_secretariat_opens_its_pages(path, convened, signed_in, client):
    assert client.get(path).status_code == 302  # to the sign-in page
    assert client.get(path)["Location"].startswith("/accounts/login/")
    assert signed_in("chair").get(path).status_code == 403
    assert signed_in("delegate").get(path).status_code == 403
    assert signed_in("secretariat").get(path).status_code == 200


def meeting_form(**changes):
    data = {
        "slug": "r2p-2014", "title": "Informal interactive dialogue on the responsibility to protect",
        "short_title": "R2P 2014", "body": "United Nations General Assembly", "convener": "John W. Ashe",
        "date": "2014-09-08", "starts": "10:00", "ends": "13:00", "timezone": "America/New_York",
        "venue": "Trusteeship Council Chamber", "location": "United Nations Headquarters, New York",
        "languages": ["en", "fr"], "status": "draft", "policy": "un_dialogue", "overrun": "soft",
        "background": "Background.", "purposes": "Purposes.", "expected_outcomes": "Outcomes.",
        "limit_statement": "180",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_secretariat_creates_a_meeting_and_the_floor_knows_it(signed_in, accounts):
    page = signed_in("secretariat")
    response = page.post("/manage/new/", meeting_form())
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="r2p-2014")
    assert (meeting.convener, meeting.languages, meeting.limits) == (
        "John W. Ashe",
        ["en", "fr"],
        {"statement": 180},
    )
    assert store.state_of(meeting).config.limits["statement"] == 180
    public = page.get("/meetings/r2p-2014/").content.decode()
    assert "Background." in public
    assert "Expected outcomes" in public


def test_meeting_form_errors_say_what_to_fix(signed_in, accounts):
    page = signed_in("secretariat")
    response = page.post("/manage/new/", meeting_form(timezone="Mars/Olympus", ends="09:00"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "“Mars/Olympus” is not a time zone we know" in text
    assert "The meeting must end after it starts." in text
    assert not Meeting.objects.filter(slug="r2p-2014").exists()


def test_new_hours_that_leave_a_segment_outside_the_day_are_refused(convened, signed_in):
    page = signed_in("secretariat")
    response = page.post(
        "/manage/dialogue/", meeting_form(slug="dialogue", ends="17:00", status="convened")
    )
    assert (
        "“Concluding remarks” (17:45–18:00) falls outside the meeting&#x27;s day (10:00–17:00)"
        in response.content.decode()
    )
    convened.refresh_from_db()
    assert convened.ends.hour == 18


def test_a_meeting_does_not_go_back_to_draft(convened, signed_in):
    response = signed_in("secretariat").post(
        "/manage/dialogue/", meeting_form(slug="dialogue", status="draft")
    )
    assert "A meeting moves forward only" in response.content.decode()


def programme_form(meeting, edits=(), new=()):
    """The editor's POST: every segment as it is, with `edits` (key → field changes) and `new` rows."""
    data = {}
    segments = list(meeting.segments.all())
    rows = [
        {"id": str(s.pk), "kind": s.kind, "title": s.title, "starts": f"{s.starts:%H:%M}", "ends": f"{s.ends:%H:%M}",
         "chair": s.chair, "moderator": s.moderator, "limit_s": "", "note": s.note, "themes_text": "\n".join(s.themes),
         "speakers_text": "\n".join(p["name"] for p in s.speakers), **dict(edits).get(s.key, {})}
        for s in segments
    ] + [dict(row) for row in new]  # fmt: skip
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"segments-{i}-{name}"] = value
    data.update({"segments-TOTAL_FORMS": str(len(rows)), "segments-INITIAL_FORMS": str(len(segments)),
                 "segments-MIN_NUM_FORMS": "0", "segments-MAX_NUM_FORMS": "1000"})  # fmt: skip
    return data


def test_overlapping_segments_are_refused_and_nothing_is_lost(convened, signed_in):
    page = signed_in("secretariat")
    before = list(convened.segments.values_list("key", "starts", "ends"))
    response = page.post(
        "/manage/dialogue/programme/",
        programme_form(convened, edits={"lunch": {"starts": "12:00"}}),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "The programme was not saved" in text
    assert (
        "“Break” (12:00–15:00) overlaps “Panel discussion” (10:30–13:00): let it start at 13:00 or later"
        in text
    )
    assert list(convened.segments.values_list("key", "starts", "ends")) == before


def test_a_segment_outside_the_day_is_refused(convened, signed_in):
    new = [{"kind": "dialogue", "title": "Evening session", "starts": "18:00", "ends": "19:00"}]
    response = signed_in("secretariat").post(
        "/manage/dialogue/programme/", programme_form(convened, new=new)
    )
    assert (
        "“Evening session” (18:00–19:00) falls outside the meeting&#x27;s day (10:00–18:00)"
        in response.content.decode()
    )
    assert convened.segments.count() == 5


def test_the_editor_saves_the_programme_and_configures_the_floor(convened, signed_in):
    page = signed_in("secretariat")
    edits = {
        "closing": {"starts": "17:50"},
        "panel": {"speakers_text": "Jan Eliasson | Deputy Secretary-General | United Nations\nJennifer Welsh | Special Adviser",
                  "themes_text": "Causes and dynamics\nPrevention"},
        "afternoon": {"ends": "17:30", "limit_s": "120"},
    }  # fmt: skip
    new = [{"kind": "dialogue", "title": "Further reflections", "starts": "17:30", "ends": "17:50"}]
    response = page.post(
        "/manage/dialogue/programme/", programme_form(convened, edits=edits, new=new)
    )
    assert response.status_code == 302
    panel = convened.segments.get(key="panel")
    assert panel.speakers[0] == {
        "name": "Jan Eliasson",
        "title": "Deputy Secretary-General",
        "organisation": "United Nations",
        "role": "panellist",
    }
    assert panel.themes == ["Causes and dynamics", "Prevention"]
    assert [s.key for s in convened.segments.all()] == [
        "opening",
        "panel",
        "lunch",
        "afternoon",
        "further-reflections",
        "closing",
    ]
    config = store.state_of(convened).config
    assert [s.key for s in config.segments] == [
        "opening",
        "panel",
        "lunch",
        "afternoon",
        "further-reflections",
        "closing",
    ]
    assert config.segment("afternoon").limit_s == 120
    assert [p.name for p in config.segment("panel").speakers] == ["Jan Eliasson", "Jennifer Welsh"]

    editor = page.get("/manage/dialogue/programme/").content.decode()
    assert "“Further reflections” added (17:30–17:50)" in editor
    public = page.get("/meetings/dialogue/").content.decode()
    assert "Tentative" in public


def test_publishing_from_the_editor_keeps_each_version(convened, signed_in):
    page = signed_in("secretariat")
    page.post("/manage/dialogue/programme/", {"publish": "tentative"})
    page.post(
        "/manage/dialogue/programme/",
        programme_form(convened, edits={"closing": {"starts": "17:50"}}),
    )
    page.post("/manage/dialogue/programme/", {"publish": "final"})
    assert list(convened.versions.values_list("number", "final")) == [(2, True), (1, False)]
    again = page.post(
        "/manage/dialogue/programme/", {"publish": "final"}, follow=True
    ).content.decode()
    assert "Nothing has changed since version 2 was published" in again
    public = page.get("/meetings/dialogue/").content.decode()
    assert "Final" in public
    assert "“Concluding remarks” moved from 17:45–18:00 to 17:50–18:00" in public


def test_a_segment_with_speakers_cannot_be_removed_from_the_editor(convened, signed_in):
    from hemicycle import floor
    from hemicycle.proceedings import actions

    request = actions.build_request({"delegation": "GHA", "segment": "afternoon"})
    store.execute(convened, lambda state, now: floor.inscribe(state, request), actor="test")
    form = programme_form(convened, edits={"afternoon": {"DELETE": "on"}})
    text = signed_in("secretariat").post("/manage/dialogue/programme/", form).content.decode()
    assert "has 1 speakers inscribed: move them to another segment before removing it" in text
    assert convened.segments.filter(key="afternoon").exists()


def docx_bytes(text="Concept note"):
    document = Docx()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_document_needs_a_symbol_or_a_file(convened, signed_in):
    response = signed_in("secretariat").post(
        "/manage/dialogue/documents/",
        {"title": "Concept note", "kind": "concept_note", "language": "en"},
    )
    assert (
        "A document needs its symbol (e.g. A/67/929–S/2013/399) or its file"
        in response.content.decode()
    )
    assert not Document.objects.exists()


def test_files_of_the_wrong_type_or_too_large_are_refused(convened, signed_in, settings):
    page = signed_in("secretariat")
    fake = SimpleUploadedFile("report.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    text = page.post(
        "/manage/dialogue/documents/",
        {"title": "Report", "kind": "report", "language": "en", "upload": fake},
    ).content.decode()
    assert "“report.pdf” is not a real .pdf file; export it again and send that." in text
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    text = page.post(
        "/manage/dialogue/documents/",
        {"title": "Tool", "kind": "report", "language": "en", "upload": exe},
    ).content.decode()
    assert "“tool.exe” is not a type we accept; send one of .pdf, .docx, .odt, .txt." in text
    settings.HEMICYCLE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf"
    )
    text = page.post(
        "/manage/dialogue/documents/",
        {"title": "Big", "kind": "report", "language": "en", "upload": big},
    ).content.decode()
    assert "“big.pdf” is 2.0 MB; the largest file accepted is 1 MB." in text
    assert not Document.objects.exists()


def test_a_document_with_its_file_is_downloaded_with_its_checksum(
    convened, signed_in, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = signed_in("secretariat")
    content = docx_bytes()
    upload = SimpleUploadedFile("concept-note.docx", content)
    response = page.post(
        "/manage/dialogue/documents/",
        {"symbol": "A/67/929–S/2013/399", "title": "Report of the Secretary-General", "kind": "report",
         "date": "2013-07-09", "advance_copy": "on", "language": "en", "upload": upload},
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.symbol, document.advance_copy, document.date) == (
        "A/67/929–S/2013/399",
        True,
        date(2013, 7, 9),
    )
    digest = hashlib.sha256(content).hexdigest()
    assert document.files.get().sha256 == digest

    public = client.get("/meetings/dialogue/").content.decode()
    assert "A/67/929–S/2013/399" in public
    assert "advance copy" in public
    link = re.search(r'href="(/meetings/dialogue/documents/\d+/en/)"', public).group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["X-Checksum-SHA256"] == digest
    (listed,) = client.get("/api/v1/meetings/dialogue/documents").json()
    assert listed["symbol"] == "A/67/929–S/2013/399"
    assert listed["files"] == [
        {"language": "en", "name": "concept-note.docx", "content_type": uploads.ACCEPTED["docx"],
         "size": len(content), "sha256": digest, "url": link}
    ]  # fmt: skip

    # The same language again is refused; the stored file is kept.
    again = page.post(
        f"/manage/dialogue/documents/{document.pk}/",
        {
            "form": "file",
            "file-language": "en",
            "file-upload": SimpleUploadedFile("other.docx", docx_bytes("other")),
        },
    )
    assert "already has its English file (concept-note.docx)" in again.content.decode()
    french = page.post(
        f"/manage/dialogue/documents/{document.pk}/",
        {
            "form": "file",
            "file-language": "fr",
            "file-upload": SimpleUploadedFile("note-fr.docx", docx_bytes("Note")),
        },
    )
    assert french.status_code == 302
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]

    # A file changed on disk behind our back is withheld.
    stored = document.files.get(language="en")
    with open(stored.file.path, "ab") as tampered:
        tampered.write(b"tampered")
    withheld = client.get(link)
    assert withheld.status_code == 409
    assert "does not match its recorded checksum" in withheld.content.decode()


def test_announcements_appear_on_the_page_and_in_the_atom_feed(convened, signed_in, client):
    import xml.etree.ElementTree as ET

    page = signed_in("secretariat")
    page.post(
        "/manage/dialogue/announcements/",
        {
            "title": "Updated information",
            "body": "The list of speakers opens on 1 September.",
            "published_at": "2013-08-20 12:00",
        },
    )
    assert "Updated information" in client.get("/meetings/dialogue/").content.decode()
    feed = client.get("/meetings/dialogue/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    # (the feed carries the log's signed checkpoints too: tests/archive/test_checkpoints.py)
    entries = [
        e for e in root.findall("a:entry", ns) if ":checkpoint:" not in e.find("a:id", ns).text
    ]
    assert [e.find("a:title", ns).text for e in entries] == ["Updated information"]
    assert entries[0].find("a:summary", ns).text == "The list of speakers opens on 1 September."
    # 12:00 entered in the meeting's time zone (New York): 16:00 UTC in the feed
    assert entries[0].find("a:published", ns).text.startswith("2013-08-20T16:00:00")


def test_the_only_file_of_a_document_without_symbol_is_kept(
    convened, signed_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = signed_in("secretariat")
    page.post("/manage/dialogue/documents/", {"title": "Concept note", "kind": "concept_note", "language": "en",
                                              "upload": SimpleUploadedFile("note.docx", docx_bytes())})  # fmt: skip
    document = Document.objects.get()
    text = page.post(
        f"/manage/dialogue/documents/{document.pk}/",
        {"form": "remove", "language": "en"},
        follow=True,
    ).content.decode()
    assert "This is the only file of a document without a symbol" in text
    assert document.files.count() == 1


def test_an_announcements_time_is_read_and_shown_in_the_meetings_time_zone(convened, signed_in):
    from datetime import UTC, datetime

    from hemicycle.meetings.models import Announcement

    page = signed_in("secretariat")
    page.post(
        "/manage/dialogue/announcements/",
        {"title": "Venue", "body": "Room changed.", "published_at": "2013-08-20 09:00"},
    )

    stored = Announcement.objects.get(title="Venue").published_at
    form = page.get("/manage/dialogue/announcements/").content.decode()
    assert convened.timezone == "America/New_York"
    assert stored == datetime(2013, 8, 20, 13, 0, tzinfo=UTC)  # 9:00 in New York, in summer
    # The empty form offers now, in New York time: never UTC beside the meeting's own hours.
    offered = re.search(r'name="published_at" value="([^"]+)"', form).group(1)
    now_there = datetime.now(convened.tz).replace(tzinfo=None)
    assert abs((datetime.fromisoformat(offered) - now_there).total_seconds()) < 120
