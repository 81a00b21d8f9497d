"""The public meeting site and the secretariat's programme editor and letters, in Chromium."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import Served, serve_demo

SLUG = "r2p-2013"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server of our own: these tests change the demo's programme."""
    server = serve_demo(tmp_path_factory.mktemp("convening"), "hc_convening_browser")
    yield server
    server.stop()


def test_the_public_page_shows_the_programme_its_versions_documents_and_news(
    site, open_page, page_errors
):
    page = open_page(f"{site.url}/meetings/{SLUG}/")
    programme = page.locator("#programme")
    expect(programme.locator("h2 .badge-final")).to_have_text("Final")
    expect(programme).to_contain_text("Version 2, published 9 September 2013.")
    expect(programme.locator(".capacity").first).to_contain_text("Capacity: 150 minutes available")

    history = page.locator("#versions")
    expect(history.locator("#version-1")).to_be_hidden()
    history.locator("summary").click()
    expect(history.locator("#version-2")).to_contain_text("chair, moderator or speakers changed")
    expect(history.locator("#version-1")).to_contain_text("Tentative")

    expect(page.locator("#documents")).to_contain_text("A/67/929–S/2013/399")
    expect(page.locator("#announcements")).to_contain_text("Final programme: the panellists")

    with page.expect_download() as info:
        page.locator("#meeting-ics").click()
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].dt.hour == 10

    feed = httpx.get(f"{site.url}/meetings/{SLUG}/feed.atom")
    assert "Convening letter sent to all Permanent Representatives" in feed.text
    assert page_errors == []


def _segment(page: Any, index: int) -> Any:
    return page.locator("[data-segment]").nth(index)


def test_the_programme_editor_refuses_an_overlap_then_saves_and_publishes(
    site, open_page, page_errors
):
    editor = open_page(f"{site.url}/manage/{SLUG}/programme/", user="secretariat", served=site)
    count = editor.locator("#segments [data-segment]").count()

    editor.get_by_role("button", name="Add a segment").click()
    added = _segment(editor, count)
    expect(added.locator("legend")).to_have_text("New segment")
    added.get_by_label("Kind").select_option("dialogue")
    added.get_by_label("Title").fill("Reflections of the panellists")
    added.get_by_label("Starts").fill("17:30")
    added.get_by_label("Ends").fill("17:50")
    editor.get_by_role("button", name="Save the programme").click()

    expect(editor.locator(".notice-error")).to_contain_text("The programme was not saved")
    failing = editor.get_by_role("group", name="New segment")
    expect(failing).to_contain_text(
        "“Reflections of the panellists” (17:30–17:50) overlaps “Interactive dialogue: continuation"
    )
    expect(editor.get_by_role("group", name="Concluding remarks")).to_contain_text(
        "“Concluding remarks” (17:45–18:00) overlaps “Reflections of the panellists” (17:30–17:50)"
    )
    # Nothing was saved: the public page still shows the published programme.
    assert "Reflections of the panellists" not in httpx.get(f"{site.url}/meetings/{SLUG}/").text

    # Shorten the afternoon and move the closing so the new segment fits.
    expect(failing.get_by_label("Title")).to_have_value("Reflections of the panellists")
    afternoon = editor.get_by_role("group", name=re.compile("^Interactive dialogue: continuation"))
    afternoon.get_by_label("Ends").fill("17:30")
    editor.get_by_role("group", name="Concluding remarks").get_by_label("Starts").fill("17:50")
    editor.get_by_role("button", name="Save the programme").click()

    expect(editor.locator(".notice-success")).to_contain_text("The programme is saved")
    expect(editor.locator("#segments legend")).to_contain_text(["Reflections of the panellists"])
    expect(editor.locator(".changes").first).to_contain_text(
        "“Reflections of the panellists” added (17:30–17:50)"
    )

    editor.get_by_role("button", name="Publish as final").click()
    expect(editor.locator(".notice-success")).to_contain_text(
        "Version 3 of the programme is published."
    )

    public = open_page(f"{site.url}/meetings/{SLUG}/")
    expect(public.locator("#programme")).to_contain_text("Reflections of the panellists")
    public.locator("#versions summary").click()
    expect(public.locator("#version-3")).to_contain_text(
        "“Concluding remarks” moved from 17:45–18:00 to 17:50–18:00"
    )
    api = httpx.get(f"{site.url}/api/v1/meetings/{SLUG}").json()
    assert "Reflections of the panellists" in [s["title"] for s in api["segments"]]
    assert page_errors == []


def test_a_chair_may_not_open_the_secretariat_pages(site, open_page):
    page = open_page(f"{site.url}/accounts/login/")
    page.fill("input[name=username]", "chair")
    page.fill("input[name=password]", "hemicycle")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/")
    response = page.goto(f"{site.url}/manage/{SLUG}/programme/")
    assert response.status == 403


def test_the_letters_page_shows_the_batch_progressing(site, open_page, page_errors):
    page = open_page(f"{site.url}/manage/{SLUG}/letters/", user="secretariat", served=site)
    expect(page.locator(".letter-preview")).to_contain_text(
        "Permanent Representative of Afghanistan to the United Nations"
    )
    page.get_by_role("button", name="Generate all letters (DOCX and PDF)").click()
    bar = page.locator("#batch-bar")
    expect(bar).to_be_visible()
    assert bar.get_attribute("max") == "207"
    # HTMX polls the progress: the bar moves without reloading the page.
    expect(page.locator("#batch-progress label")).to_have_text(
        re.compile(r"^([1-9]\d*) of 207 letters written$"), timeout=20_000
    )
    first = int(bar.get_attribute("value"))
    expect(page.locator("#batch-progress label")).not_to_have_text(
        f"{first} of 207 letters written", timeout=20_000
    )
    assert int(bar.get_attribute("value")) > first
    assert page_errors == []
