"""`hemicycle export`, `import` and `verify`: a meeting and its whole log leave one database and
come back into another as they were, and a changed log is caught and named."""

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from hemicycle.convening.models import Delivery
from hemicycle.delegations.models import Delegation
from hemicycle.demo import loader
from hemicycle.inscription import applications
from hemicycle.inscription.models import Application, Statement
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import store
from hemicycle.proceedings.models import FloorEvent
from tests.inscription.documents import pdf

SLUG = loader.SLUG
API = f"/api/v1/meetings/{SLUG}"


@pytest.fixture
def meeting(db, settings, tmp_path, token_for):
    """The demo meeting with a bit of everything: a speech under way and paused, a statement file,
    a civil-society organisation selected (a delegation of its own), a letter delivered."""
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = loader.load()
    chair, secretariat = token_for("chair"), token_for("secretariat")
    waiting = Client().get(f"{API}/speakers").json()["speakers"]
    sent = Client().post(
        f"{API}/speakers/{waiting[3]['id']}/statement",
        {"file": SimpleUploadedFile("statement.pdf", pdf("Statement of the fourth speaker"))},
        headers=secretariat,
    )
    assert sent.status_code == 201, sent.content
    application = Application.objects.create(
        meeting=meeting,
        organisation="Global Centre for the Responsibility to Protect",
        ecosoc_status="special",
        contact_name="Simon Adams",
        contact_email="contact@globalr2p.example",
        remarks="On prevention.",
    )
    applications.select(meeting, application, loader.User.objects.get(username="secretariat"))
    Delivery.objects.create(
        meeting=meeting,
        delegation=Delegation.objects.get(code="GHA"),
        email="ghana@un.example",
        message_id="<1@hemicycle>",
    )
    for action in ("next", "pause"):
        answer = Client().post(
            f"{API}/floor", {"action": action}, content_type="application/json", headers=chair
        )
        assert answer.status_code == 200, answer.content
    return meeting


def observed(headers):
    """What anyone (and the chair) sees of the meeting through the API and its files."""
    client = Client()

    def get(path, **params):
        body = client.get(f"{API}{path}", params, headers=headers).json()
        if isinstance(body, dict):
            body.pop("server_time", None)
        return body

    events, after = [], 0
    while after is not None:
        page = get("/events", after=after)
        events += page["events"]
        after = page["next_after"]
    about = get("")
    files = {}
    for document in about["documents"]:
        for f in document["files"]:
            files[(document["title"], f["language"])] = (
                f["name"],
                f["sha256"],
                b"".join(client.get(f["url"]).streaming_content),
            )
            del f["url"]
        document.pop("id", None)
    statements = {
        s.entry: b"".join(
            client.get(f"{API}/speakers/{s.entry}/statement", headers=headers).streaming_content
        )
        for s in Statement.objects.filter(meeting__slug=SLUG)
    }
    return {
        "meeting": about,
        "floor": get("/floor"),
        "speakers": get("/speakers"),
        "record": get("/record"),
        "events": events,
        "versions": get("/programme/versions"),
        "announcements": [{**a, "id": None} for a in get("/announcements")],  # new rows, new ids
        "window": get("/window"),
        "files": files,
        "statements": statements,
        "applications": list(
            Application.objects.filter(meeting__slug=SLUG).values(
                "organisation", "decision", "decided_at", "received_at", "entry", "delegation__code"
            )
        ),
        "deliveries": list(
            Delivery.objects.filter(meeting__slug=SLUG).values("delegation__code", "sent_at")
        ),
    }


def export(tmp_path, name="meeting.json"):
    path = tmp_path / name
    call_command("export", SLUG, "--out", str(path))
    return path


def test_a_meeting_leaves_and_comes_back_with_its_whole_log(meeting, tmp_path, token_for):
    chair = token_for("chair")
    before = observed(chair)
    path = export(tmp_path)
    organisation = Application.objects.get().delegation
    Meeting.objects.filter(slug=SLUG).delete()  # as in a fresh database: nothing of it is left
    organisation.delete()
    store.forget_cache()

    call_command("import", str(path))
    loader.preside(Meeting.objects.get(slug=SLUG))  # people do not travel: the chair, again
    after = observed(chair)

    assert before["floor"]["speech"]["running"] is False  # paused: its clock stands still
    assert len(before["events"]) > 70
    assert len(before["files"]) == 3
    assert len(before["statements"]) == 1
    assert before["applications"][0]["delegation__code"].startswith("CSO-")
    for part in before:
        assert after[part] == before[part], part


def test_the_export_is_the_same_whichever_database_it_comes_from(meeting, tmp_path):
    first = json.loads(export(tmp_path).read_text())
    call_command("import", str(tmp_path / "meeting.json"), "--as", "copy")
    call_command("export", "copy", "--out", str(tmp_path / "copy.json"))
    second = json.loads((tmp_path / "copy.json").read_text())

    for data in (first, second):
        data.pop("exported_at")
        data["meeting"].pop("slug")
    assert second == first


def on_disk(tmp_path):
    return sorted(
        str(p.relative_to(tmp_path))
        for folder in ("media", "statements")
        for p in (tmp_path / folder).rglob("*")
        if p.is_file()
    )


def test_an_existing_meeting_is_replaced_only_when_asked(
    meeting, tmp_path, token_for, django_capture_on_commit_callbacks
):
    path = export(tmp_path)
    before = observed(token_for("chair"))
    FloorEvent.objects.filter(meeting=meeting).order_by("-seq").first().delete()

    with pytest.raises(CommandError, match=r"exists already.*--replace.*--as"):
        call_command("import", str(path))
    shortened = observed(token_for("chair"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(path), "--replace")
    replaced = observed(token_for("chair"))

    assert len(shortened["events"]) == len(before["events"]) - 1
    assert replaced == before
    assert Meeting.objects.filter(slug=SLUG).count() == 1
    assert len(on_disk(tmp_path)) == 4  # the replaced meeting's files are gone, the new ones kept


def tampered(tmp_path, change):
    path = export(tmp_path)
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    return path


def test_an_export_whose_log_was_changed_is_refused_and_nothing_is_written(meeting, tmp_path):
    def rename_a_speaker(data):
        data["events"][9]["payload"]["speaker"] = "Somebody Else"

    def drop_an_event(data):
        del data["events"][20]

    changed = tampered(tmp_path, rename_a_speaker)
    with pytest.raises(CommandError) as refused:
        call_command("import", str(changed), "--as", "copy")
    dropped = tampered(tmp_path, drop_an_event)
    with pytest.raises(CommandError) as refused_too:
        call_command("import", str(dropped), "--as", "copy")

    assert "broken at event 10: its content" in str(refused.value)
    assert "was changed" in str(refused.value)
    assert "broken at event 22: its prev_hash" in str(refused_too.value)
    assert "Nothing imported" in str(refused.value)
    assert not Meeting.objects.filter(slug="copy").exists()


def test_a_file_that_does_not_match_its_checksum_is_refused(meeting, tmp_path):
    def corrupt(data):
        with_files = [d for d in data["documents"] if d["files"]]
        with_files[0]["files"][0]["content_base64"] = "aGVsbG8="

    path = tampered(tmp_path, corrupt)
    files_before = on_disk(tmp_path)

    with pytest.raises(CommandError, match="does not match its sha256"):
        call_command("import", str(path), "--as", "copy")

    assert not Meeting.objects.filter(slug="copy").exists()
    assert on_disk(tmp_path) == files_before


def test_a_failure_half_way_leaves_neither_rows_nor_files(meeting, tmp_path):
    def no_organisation(data):
        data["applications"][0]["organisation"] = None  # refused by the database, after the files

    path = tampered(tmp_path, no_organisation)
    files_before = on_disk(tmp_path)
    events_before = FloorEvent.objects.count()

    with pytest.raises(CommandError, match=r"(?s)does not fit this database.*Nothing imported"):
        call_command("import", str(path), "--as", "copy")

    assert not Meeting.objects.filter(slug="copy").exists()
    assert FloorEvent.objects.count() == events_before
    assert on_disk(tmp_path) == files_before


def test_verify_names_the_first_broken_link_of_the_stored_log(meeting, capsys):
    call_command("verify", SLUG)
    ok = capsys.readouterr().out
    count = FloorEvent.objects.filter(meeting=meeting).count()
    last = FloorEvent.objects.filter(meeting=meeting).order_by("-seq").first()
    event = FloorEvent.objects.get(meeting=meeting, seq=12)
    FloorEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "speaker": "Nobody"})

    with pytest.raises(CommandError) as broken:
        call_command("verify", SLUG)

    assert ok == (
        f"ok: {SLUG}: {count} events, last hash {last.hash}\n"
        "  no signed checkpoint yet: only the links of the chain were checked\n"
    )  # (checked against signed checkpoints: tests/archive/test_proofs.py)
    assert str(broken.value).startswith(f"{SLUG}: forged event: broken at event 12: its content")
    assert broken.value.returncode == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=3), "format version 3; this Hemicycle reads version 2 only"),
        (lambda d: d.update(format="other"), "is not a Hemicycle meeting export"),
        (lambda d: d.pop("events"), "its “events” is missing or malformed"),
        (
            lambda d: d["deliveries"][0].update(delegation="ZZZ"),
            "Unknown delegation code(s): ZZZ",
        ),
    ],
)
def test_a_wrong_export_is_refused_with_what_is_wrong(meeting, tmp_path, change, message):
    path = tampered(tmp_path, change)

    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--as", "copy")

    assert message in str(refused.value)
    assert not Meeting.objects.filter(slug="copy").exists()


def test_the_command_line_says_what_is_wrong_without_a_traceback(tmp_path):
    (tmp_path / "broken.json").write_text('{"format": "hemicycle-meeting", "version": 1,')
    env = {"HEMICYCLE_DATA_DIR": str(tmp_path / "var"), "HEMICYCLE_DATABASE_URL": "", "PATH": ""}

    def hemicycle(*args):
        return subprocess.run(
            [sys.executable, "-m", "hemicycle", *args], env=env, capture_output=True, text=True
        )

    missing = hemicycle("import", str(tmp_path / "nowhere.json"))
    unreadable = hemicycle("import", str(tmp_path / "broken.json"))

    assert missing.returncode == unreadable.returncode == 1
    assert missing.stderr == f"CommandError: There is no file “{tmp_path / 'nowhere.json'}”.\n"
    assert "is not valid JSON (line 1, column 46" in unreadable.stderr
    assert "Traceback" not in missing.stderr + unreadable.stderr


def test_times_keep_their_microseconds(meeting, tmp_path):
    data = json.loads(export(tmp_path).read_text())
    stored = FloorEvent.objects.filter(meeting=meeting).order_by("seq").last()

    assert datetime.fromisoformat(data["events"][-1]["at"]) == stored.at.astimezone(UTC)
    assert data["events"][-1]["at"].endswith("+00:00")


def test_a_statement_whose_file_was_lost_comes_back_without_it_and_is_noted(
    meeting, tmp_path, capsys
):
    statement = Statement.objects.get()
    statement.path.unlink()
    path = export(tmp_path)

    call_command("import", str(path), "--as", "copy")

    restored = Statement.objects.get(meeting__slug="copy")
    assert (restored.entry, restored.sha256) == (statement.entry, statement.sha256)
    assert not restored.path.exists()
    assert f"the statement of request {statement.entry} had no file" in capsys.readouterr().err


def test_the_letterheads_emblem_travels_with_the_meeting(meeting, tmp_path):
    from hemicycle.convening.models import LetterTemplate

    emblem = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    LetterTemplate.objects.filter(meeting__slug=SLUG).update(
        emblem=emblem, emblem_type="image/png", office="The President"
    )
    path = export(tmp_path)

    call_command("import", str(path), "--as", "copy")

    copied = LetterTemplate.objects.get(meeting__slug="copy")
    assert (bytes(copied.emblem), copied.emblem_type, copied.office) == (
        emblem,
        "image/png",
        "The President",
    )
