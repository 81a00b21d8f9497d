"""The demo's finished day: the seed's meeting run from opening to concluding remarks, beside the
live one, with its statements (marked as invented), search, statistics, chapters and summary."""

from django.test import Client

from hemicycle.demo import finished, loader
from hemicycle.outcome import summary


def test_the_finished_day_shows_the_whole_outcome(db, accounts, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    live = loader.load()
    meeting = finished.load()
    client = Client()
    secretariat = Client()
    secretariat.force_login(accounts["secretariat"])

    statements = client.get(f"/api/v1/meetings/{meeting.slug}/statements").json()
    figures = client.get(f"/meetings/{meeting.slug}/statistics.json").json()
    chapters = client.get(f"/meetings/{meeting.slug}/chapters.vtt").content.decode()
    found = client.get("/api/v1/statements/search", {"q": "focal point"}).json()
    draft = summary.of(meeting)

    assert client.get(f"/api/v1/meetings/{live.slug}/statements").json() == []  # the live day
    assert len(statements) > 50
    assert all(item["delegation"] != "CHN" for item in statements)  # not for publication
    first = client.get(statements[0]["versions"][0]["url"])
    assert first.status_code == 200
    assert figures["member_states"] > 40
    assert figures["states_covered"] > figures["member_states"]
    assert figures["share_heard"] == 1.0
    assert chapters.startswith(
        "WEBVTT\n\n1\n00:00:00.000 --> 00:08:00.000\nMarcelo Ortiz Benavides"
    )
    assert found["total"] > 0
    assert {hit["meeting"] for hit in found["results"]} == {meeting.slug}
    assert draft is not None
    assert len(draft.sections) == 4
    assert "Illustrative text invented" not in " ".join(s["text"] for s in draft.sections)
    assert secretariat.get(f"/meetings/{meeting.slug}/summary.pdf").status_code == 200
    text = client.get(f"/meetings/{meeting.slug}/statements/").content.decode()
    assert "Marcelo" not in text  # programme speakers give no statement
    series = client.get(f"/meetings/{meeting.slug}/statistics/").content.decode()
    assert "2013, this meeting" in series
