"""The console and stray keys: a word typed outside a field ("RUS", "PER") changes nothing, undo
names what it would take back and waits for U again, the digit 0 is told apart from the letter O,
and the key caps show O as a letter."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import Served, serve_demo

SLUG = "r2p-2013"


def isolated(text: str) -> re.Pattern[str]:
    """`text` with each {…} set in Unicode isolates, as the console fills its sentences."""
    return re.compile(re.escape(text).replace(r"\{", "\u2068").replace(r"\}", "\u2069"))


@pytest.fixture
def day(tmp_path: Path) -> Iterator[Served]:
    server = serve_demo(tmp_path, "hc_console_safety")
    yield server
    server.stop()


def test_stray_letters_never_change_the_floor_and_undo_asks_first(day, open_page, page_errors):
    console = open_page(f"{day.url}/meetings/{SLUG}/console/", user="chair", served=day)
    expect(console.locator("[data-connection]").first).to_have_attribute("data-connected", "true")
    speaker = console.get_by_test_id("current-speaker")
    status = console.get_by_test_id("console-status")
    seq = console.get_by_test_id("console-seq")
    confirm = console.get_by_test_id("undo-confirm")

    console.select_option("#segment-select", "panel")
    console.get_by_test_id("cmd-start-segment").click()
    console.locator("body").click(position={"x": 5, "y": 5})  # back to the shortcuts
    console.keyboard.press("n")
    expect(speaker).to_have_text("European Union")
    at = seq.inner_text()

    # A delegation's code typed with the focus on the page: a word, so nothing runs.
    console.keyboard.type("RUS")
    console.keyboard.press("Enter")
    expect(status).to_contain_text("“\u2068RUS\u2069” was typed outside a field and did nothing")
    console.keyboard.type("PER")  # P would start a panel round, E end the speech
    expect(status).to_contain_text("“\u2068PER\u2069” was typed outside a field and did nothing")
    console.wait_for_timeout(800)
    expect(speaker).to_have_text("European Union")
    expect(seq).to_have_text(at)

    # U names what it would undo; any other key keeps the floor as it is.
    console.keyboard.press("u")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(isolated("Undo {giving the floor to {European Union}}?"))
    console.keyboard.press("s")
    expect(confirm).to_be_hidden()
    expect(status).to_have_text("Nothing undone.")
    expect(seq).to_have_text(at)

    # U, then U again: undone, and said so.
    console.keyboard.press("u")
    expect(confirm).to_be_visible()
    console.keyboard.press("u")
    expect(status).to_contain_text(isolated("Undone: {giving the floor to {European Union}}."))
    expect(console.get_by_test_id("countdown")).to_be_hidden()
    expect(seq).not_to_have_text(at)

    # The digit zero is not the letter O, and the key caps are drawn so that they differ.
    console.keyboard.press("0")
    expect(status).to_have_text("The digit 0 is not a shortcut: a point of order is the letter O.")
    font = console.locator(".shortcuts kbd").last.evaluate("k => getComputedStyle(k).fontFamily")
    assert "mono" not in font.lower()
    assert page_errors == []
