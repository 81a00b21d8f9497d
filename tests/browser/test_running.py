"""The chair runs the dialogue from the keyboard while the room display and the delegates' page
follow; two consoles on one meeting; a console that loses the network. Each test runs its own
server with the seed's meeting, so the day starts from the beginning."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import Served, serve_demo

SLUG = "r2p-2013"


@pytest.fixture
def day(tmp_path: Path) -> Iterator[Served]:
    server = serve_demo(tmp_path, "hc_running_browser")
    yield server
    server.stop()


def _pages(day: Served, open_page: Any) -> tuple[Any, Any, Any]:
    display = open_page(
        f"{day.url}/meetings/{SLUG}/display/", viewport={"width": 1280, "height": 720}
    )
    delegates = open_page(f"{day.url}/meetings/{SLUG}/delegates/", user="delegate", served=day)
    console = open_page(f"{day.url}/meetings/{SLUG}/console/", user="chair", served=day)
    expect(console.locator("[data-connection]").first).to_have_attribute("data-connected", "true")
    return console, display, delegates


def press(console: Any, key: str) -> None:
    """A shortcut, then wait for the console to have its answer (as a chair watches the screen)."""
    console.keyboard.press(key)
    expect(console.locator("[data-console]")).to_have_attribute("aria-busy", "false")


def _you_are(n: int) -> re.Pattern[str]:
    """The sentence names the place in Unicode isolates (names keep their own direction)."""
    return re.compile(rf"You are \u2068{n}(st|nd|rd|th)\u2069 on the list")


def _place(delegates: Any) -> int:
    text = (
        delegates.get_by_test_id("yours").inner_text().replace("\u2068", "").replace("\u2069", "")
    )
    match = re.search(r"You are (\d+)\w\w on the list, expected around \d\d:\d\d", text)
    assert match, text
    return int(match.group(1))


def test_the_chair_runs_the_panel_by_keyboard_and_the_display_and_delegates_follow(
    day, open_page, page_errors
):
    console, display, delegates = _pages(day, open_page)
    start = _place(delegates)
    status = console.get_by_test_id("console-status")

    console.select_option("#segment-select", "panel")
    console.get_by_test_id("cmd-start-segment").click()
    console.locator("body").click(position={"x": 5, "y": 5})  # back to the shortcuts
    press(console, "p")
    expect(display.locator("[data-queue-when='panel']")).to_be_visible()
    expect(display.get_by_test_id("next-speakers")).to_contain_text("Jan Eliasson")

    press(console, "n")
    expect(display.get_by_test_id("display-speaker")).to_have_text("Jan Eliasson")
    expect(delegates.get_by_test_id("current-speaker")).to_have_text("Jan Eliasson")
    for name in ("Jennifer Welsh", "Efua Mensah-Bonsu"):
        press(console, "n")
        expect(display.get_by_test_id("display-speaker")).to_have_text(name)

    # The first speaker from the list: the delegates' forecast moves everyone up one place.
    press(console, "n")
    expect(display.get_by_test_id("display-speaker")).to_have_text("European Union")
    expect(delegates.get_by_test_id("yours")).to_contain_text(_you_are(start - 1))
    expect(delegates.locator("[data-forecast-rows] tr").first).not_to_contain_text("European Union")

    # Space pauses and resumes, and the display follows; A adds thirty seconds.
    press(console, " ")
    expect(display.locator("[data-field='paused']")).to_be_visible()
    press(console, " ")
    expect(display.locator("[data-field='paused']")).to_be_hidden()
    press(console, "a")
    expect(console.locator("[data-field='limit']")).to_contain_text(
        "5:30"
    )  # a group statement: 5 min

    # I: a speaker from the floor, inserted at position 1.
    console.keyboard.press("i")
    expect(console.locator("#insert-delegation")).to_be_focused()
    console.keyboard.type("PRK")
    console.locator("#insert-position").fill("1")
    console.locator("#insert-position").press("Enter")
    expect(console.locator("[data-console]")).to_have_attribute("aria-busy", "false")
    expect(console.get_by_test_id("next-speakers").locator("li").first).to_contain_text(
        "Democratic People"
    )
    expect(display.get_by_test_id("next-speakers").locator("li").first).to_contain_text(
        "Democratic People"
    )
    expect(delegates.get_by_test_id("yours")).to_contain_text(_you_are(start))

    # O: a point of order is heard at once; E ends it and the speech resumes.
    console.keyboard.press("o")
    console.keyboard.type("RUS")
    console.keyboard.press("Enter")
    expect(console.locator("[data-console]")).to_have_attribute("aria-busy", "false")
    expect(display.get_by_test_id("display-speaker")).to_have_text("Russian Federation")
    expect(display.locator("[data-field='interrupted']")).to_contain_text("European Union")
    console.locator("body").click(position={"x": 5, "y": 5})
    press(console, "e")
    expect(display.get_by_test_id("display-speaker")).to_have_text("European Union")

    # N, then U: the floor goes back to the European Union's speech... as it was.
    press(console, "n")
    expect(display.get_by_test_id("display-speaker")).to_contain_text("Democratic People")
    press(console, "u")  # undo asks first, naming what it takes back; U again confirms
    expect(console.get_by_test_id("undo-confirm")).to_contain_text("giving the floor to")
    press(console, "u")
    expect(display.get_by_test_id("display-speaker")).to_have_text("European Union")
    expect(status).to_contain_text(re.compile("Undone: \u2068giving the floor to \u2068Democratic"))

    # The lunch break: the display shows the break and when the meeting resumes.
    console.select_option("#segment-select", "lunch")
    console.get_by_test_id("cmd-start-segment").click()
    expect(display.locator("[data-field='idle-title']")).to_have_text("Break")
    expect(display.locator("[data-field='idle-text']")).to_contain_text(
        "resumes at \u206815:00\u2069"
    )
    assert page_errors == []


def test_a_stale_console_is_refused_with_a_message_and_refreshes(day, open_page, page_errors):
    chair = open_page(f"{day.url}/meetings/{SLUG}/console/", user="chair", served=day)
    secretariat = open_page(f"{day.url}/meetings/{SLUG}/console/", user="secretariat", served=day)
    chair.select_option("#segment-select", "panel")
    chair.get_by_test_id("cmd-start-segment").click()
    expect(secretariat.locator("[data-field='segment']")).to_contain_text("Panel discussion")
    # The secretariat's console stops hearing the stream: what it shows goes stale.
    secretariat.route(re.compile(r".*/live/.*"), lambda route: route.abort())
    secretariat.reload()
    expect(secretariat.locator("[data-field='segment']")).to_contain_text("Panel discussion")
    chair.locator("body").click(position={"x": 5, "y": 5})
    press(chair, "n")
    expect(chair.get_by_test_id("current-speaker")).to_have_text("European Union")

    secretariat.locator("body").click(position={"x": 5, "y": 5})
    press(secretariat, "n")

    expect(secretariat.get_by_test_id("console-status")).to_contain_text(
        "The floor has changed since your last view"
    )
    expect(secretariat.get_by_test_id("current-speaker")).to_have_text("European Union")
    expect(chair.get_by_test_id("current-speaker")).to_have_text("European Union")
    page_errors.clear()  # the aborted stream logs its failure


def test_the_console_survives_a_network_drop(day, open_page, page_errors):
    console = open_page(f"{day.url}/meetings/{SLUG}/console/", user="chair", served=day)
    console.select_option("#segment-select", "panel")
    console.get_by_test_id("cmd-start-segment").click()
    console.locator("body").click(position={"x": 5, "y": 5})
    press(console, "n")
    expect(console.get_by_test_id("current-speaker")).to_have_text("European Union")

    console.context.set_offline(True)
    shown = console.get_by_test_id("countdown").inner_text()
    console.wait_for_timeout(1500)
    assert console.get_by_test_id("countdown").inner_text() != shown  # the clock runs on
    press(console, "n")
    expect(console.get_by_test_id("console-status")).to_contain_text("did not answer")

    console.context.set_offline(False)
    expect(console.locator("[data-connection]").first).to_have_attribute(
        "data-connected", "true", timeout=15_000
    )
    press(console, "n")
    expect(console.get_by_test_id("current-speaker")).not_to_have_text("European Union")
    expect(console.get_by_test_id("console-status")).to_have_text("")
    page_errors.clear()  # the browser logs the failed requests while offline


def test_under_the_bell_policy_the_console_and_display_signal_the_limit(
    day, open_page, page_errors
):
    day.short_meeting("bell-meeting", overrun="bell", statement_s=2)
    url = f"{day.url}/meetings/bell-meeting"
    display = open_page(f"{url}/display/")
    console = open_page(f"{url}/console/", user="chair", served=day)
    console.keyboard.press("i")
    console.keyboard.type("FRA")
    console.keyboard.press("Enter")
    expect(console.locator("[data-console]")).to_have_attribute("aria-busy", "false")
    expect(console.get_by_test_id("next-speakers")).to_contain_text("France")

    press(console, "n")
    expect(console.get_by_test_id("time-up")).to_be_hidden()
    expect(console.get_by_test_id("time-up")).to_have_text("Time is up.", timeout=4000)
    expect(display.locator("[data-display]")).to_have_class(re.compile("is-ringing"))
    expect(console.get_by_test_id("countdown")).to_have_attribute("data-state", "overrun")
    assert page_errors == []
