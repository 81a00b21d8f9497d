"""The record as webcast chapters (WebVTT and a plain list), and each row of the record linked to
its moment in the webcast once the secretariat has given its link."""

from django.test import Client

from hemicycle.records.models import Webcast


def test_webvtt_chapters_follow_the_record(finished):
    response = Client().get("/meetings/dialogue/chapters.vtt")
    text = response.content.decode()

    assert response["Content-Type"].startswith("text/vtt")
    cues = text.split("\n\n")
    assert cues[0] == "WEBVTT"
    # From the first speech: Ban Ki-moon 0 to 300 s; 60 s later the EU, 300 s; then Ghana's 170 s.
    assert cues[1] == "1\n00:00:00.000 --> 00:05:00.000\nBan Ki-moon, Secretary-General"
    assert cues[2].startswith("2\n00:06:00.000 --> 00:11:00.000\nEuropean Union")
    assert cues[3].startswith("3\n00:11:00.000 --> 00:13:50.000\nGhana — Speaker of GHA")
    assert len([c for c in cues if c.strip()]) == 1 + 7


def test_the_plain_list_names_timestamp_speaker_and_delegation(finished):
    lines = Client().get("/meetings/dialogue/chapters.txt").content.decode().splitlines()

    assert lines[0] == "00:00:00  Ban Ki-moon  (Secretary-General)"
    assert lines[2] == "00:11:00  Speaker of GHA  (Ghana)"


def test_the_secretariat_gives_the_webcast_and_each_row_links_to_its_moment(finished, accounts):
    secretariat = Client()
    secretariat.force_login(accounts["secretariat"])
    chair = Client()
    chair.force_login(accounts["chair"])

    refused = chair.post("/meetings/dialogue/record/", {"url": "https://webtv.un.org/x"})
    kept = secretariat.post(
        "/meetings/dialogue/record/", {"url": "https://webtv.un.org/en/asset/k1x"}
    )
    page = Client().get("/meetings/dialogue/record/").content.decode()

    assert refused.status_code == 403
    assert kept.status_code == 302
    assert Webcast.objects.get().url == "https://webtv.un.org/en/asset/k1x"
    assert 'href="https://webtv.un.org/en/asset/k1x#t=0"' in page
    assert 'href="https://webtv.un.org/en/asset/k1x#t=660"' in page  # Ghana, 11 minutes in


def test_a_webcast_that_began_earlier_shifts_every_chapter(finished):
    from datetime import timedelta

    from hemicycle.proceedings import store

    first = store.state_of(finished.meeting).record[0].speech.started_at
    Webcast.objects.create(
        meeting=finished.meeting,
        url="https://example.org/v?t={t}",
        starts_at=first - timedelta(minutes=2),
    )

    assert (
        Client().get("/meetings/dialogue/chapters.txt").content.decode().startswith("00:02:00  Ban")
    )
    assert (
        'href="https://example.org/v?t=120"'
        in Client().get("/meetings/dialogue/record/").content.decode()
    )
