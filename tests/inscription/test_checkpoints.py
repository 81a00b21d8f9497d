"""Signed checkpoints of the log's head, as published: on the list page, the list's PDF and CSV, the
Atom feed and at /api/v1/meetings/{slug}/checkpoints; and one when the meeting concludes (its last segment ends)."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime

from pypdf import PdfReader

from hemicycle.proceedings import signing
from hemicycle.proceedings.models import Checkpoint, FloorEvent
from tests.inscription.conftest import statement

FLOOR = "/meetings/dialogue/floor"


def holds(checkpoint):
    """Whether a published checkpoint is the server's signature of the log's event at its seq."""
    event = FloorEvent.objects.get(meeting__slug=checkpoint["meeting"], seq=checkpoint["seq"])
    wrong = signing.check(
        "checkpoint",
        checkpoint["meeting"],
        checkpoint["seq"],
        checkpoint["hash"],
        datetime.fromisoformat(checkpoint["at"]),
        signing.Signature(checkpoint["key_id"], checkpoint["signature"]),
        signing.published_keys(),
    )
    return wrong == "" and event.hash == checkpoint["hash"]


def head():
    return FloorEvent.objects.order_by("-seq").first()


def test_the_list_page_shows_a_signed_checkpoint_of_the_head(client, api, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("AUS"))

    text = client.get("/meetings/dialogue/list/").content.decode()

    latest = api.get("/meetings/dialogue/checkpoints/latest").json()
    assert latest["seq"] == head().seq
    assert holds(latest)
    assert "Signed checkpoint of the log" in text
    assert f"The server signed its log as it stood at event {head().seq}." in text
    for value in (latest["hash"], latest["at"], latest["key_id"], latest["signature"]):
        assert f"<code>{value}</code>" in text
    assert Checkpoint.objects.get().reason == "published"


def test_the_csv_ends_with_the_signed_checkpoint_as_json(client, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("AUS"))

    rows = list(csv.reader(io.StringIO(client.get("/meetings/dialogue/list.csv").content.decode())))

    label, kept = rows[-1]
    checkpoint = json.loads(kept)
    assert label == "# signed checkpoint"
    assert (checkpoint["meeting"], checkpoint["seq"]) == ("dialogue", head().seq)
    assert holds(checkpoint)


def test_the_pdf_carries_the_signed_checkpoint(client, api, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("AUS"))

    pdf = client.get("/meetings/dialogue/list.pdf")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    joined = text.replace("\n", "").replace(" ", "")
    latest = api.get("/meetings/dialogue/checkpoints/latest").json()
    assert "Signed checkpoint of the log" in text
    for value in (latest["hash"], latest["at"], latest["key_id"], latest["signature"]):
        assert value in joined


def test_the_atom_feed_carries_the_checkpoints(client, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("AUS"))

    feed = ET.fromstring(client.get("/meetings/dialogue/feed.atom").content)

    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = feed.findall("a:entry", ns)
    checkpoint = json.loads(entry.find("a:summary", ns).text)
    assert entry.find("a:title", ns).text == f"Signed checkpoint of the log: event {head().seq}"
    assert entry.find("a:id", ns).text == (
        f"hemicycle:dialogue:checkpoint:{head().seq}:{head().hash}"
    )
    assert holds(checkpoint)


def test_a_new_checkpoint_once_the_head_moved_and_the_last_is_old_enough(
    api, api_as, make_meeting, settings
):
    make_meeting()
    first = api.get("/meetings/dialogue/checkpoints/latest").json()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("AUS"))
    again = api.get("/meetings/dialogue/checkpoints/latest").json()  # within the minute
    settings.HEMICYCLE_CHECKPOINT_EVERY_S = 0
    moved = api.get("/meetings/dialogue/checkpoints/latest").json()
    same = api.get("/meetings/dialogue/checkpoints/latest").json()  # the head has not moved

    listed = api.get("/meetings/dialogue/checkpoints").json()["checkpoints"]
    assert again == first
    assert moved["seq"] == head().seq > first["seq"]
    assert same == moved
    assert listed == [first, moved]
    assert all(holds(c) for c in listed)


def test_no_checkpoint_of_an_empty_log_and_none_of_an_unknown_meeting(api, make_meeting):
    meeting = make_meeting()
    FloorEvent.objects.filter(meeting=meeting).delete()

    empty = api.get("/meetings/dialogue/checkpoints/latest")
    unknown = api.get("/meetings/nowhere/checkpoints")

    assert empty.status_code == 404
    assert empty.json()["detail"] == (
        "The log of this meeting is empty: there is nothing to sign yet."
    )
    assert unknown.status_code == 404
    assert api.get("/meetings/dialogue/checkpoints").json() == {"checkpoints": []}


def test_the_end_of_the_last_segment_signs_the_head(
    api_as, make_meeting, django_capture_on_commit_callbacks
):
    make_meeting()
    chair = api_as("chair")
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(FLOOR, {"action": "start_segment", "segment": "afternoon"})
    assert not Checkpoint.objects.exists()  # not the last segment

    with django_capture_on_commit_callbacks(execute=True):
        chair.post(FLOOR, {"action": "start_segment", "segment": "closing"})
        chair.post(FLOOR, {"action": "end_segment"})

    (checkpoint,) = Checkpoint.objects.all()
    assert (checkpoint.seq, checkpoint.hash) == (head().seq, head().hash)
    assert checkpoint.reason == "concluded"
