"""A chair's action in the console changes the room display and the public page within a second."""

import re
import time

import httpx
from playwright.sync_api import expect

SLUG = "r2p-2013"


def test_the_chair_gives_the_floor_and_the_display_follows(served, open_page, page_errors):
    display = open_page(
        f"{served.url}/meetings/{SLUG}/display/", viewport={"width": 1920, "height": 1080}
    )
    public = open_page(f"{served.url}/meetings/{SLUG}/")
    console = open_page(f"{served.url}/meetings/{SLUG}/console/", user="chair", served=served)
    upcoming = console.get_by_test_id("next-speakers").locator("li").first.inner_text()
    expected = upcoming.splitlines()[0].strip()
    display.wait_for_timeout(300)  # the display's stream is connected

    pressed = time.monotonic()
    console.keyboard.press("n")
    expect(display.get_by_test_id("display-speaker")).to_contain_text(expected, timeout=1000)
    seen = time.monotonic() - pressed

    expect(public.get_by_test_id("current-speaker")).to_contain_text(expected, timeout=1000)
    expect(console.get_by_test_id("current-speaker")).to_contain_text(expected)
    assert seen < 1.0
    assert page_errors == []


def test_pause_stops_the_countdown_everywhere(served, open_page, page_errors):
    console = open_page(f"{served.url}/meetings/{SLUG}/console/", user="chair", served=served)
    display = open_page(f"{served.url}/meetings/{SLUG}/display/")
    if console.get_by_test_id("current-speaker").inner_text().strip() == "":
        console.keyboard.press("n")
    console.keyboard.press(" ")
    expect(console.get_by_test_id("console-status")).not_to_contain_text("error", timeout=1000)
    display.wait_for_timeout(500)

    shown = display.get_by_test_id("countdown").inner_text()
    display.wait_for_timeout(1500)

    assert display.get_by_test_id("countdown").inner_text() == shown
    console.keyboard.press(" ")  # resume, for the next test
    assert page_errors == []


def test_the_clock_turns_amber_then_red_and_counts_up_on_overrun(served, open_page, page_errors):
    served.short_meeting("short", overrun="soft", statement_s=3)
    httpx.post(
        f"{served.url}/api/v1/meetings/short/speakers",
        json={"delegation": "NOR"},
        headers=served.token("secretariat"),
    )
    display = open_page(f"{served.url}/meetings/short/display/")
    clock = display.get_by_test_id("countdown")

    httpx.post(
        f"{served.url}/api/v1/meetings/short/floor",
        json={"action": "next"},
        headers=served.token("chair"),
    )

    expect(display.get_by_test_id("display-speaker")).to_contain_text("Norway", timeout=1000)
    expect(clock).to_have_attribute("data-state", "warning")
    assert colour(clock) == "rgb(255, 176, 0)"  # amber: 30 seconds or less left
    expect(clock).to_have_attribute("data-state", "overrun", timeout=5000)
    expect(clock).to_have_text(re.compile(r"^\+0:0\d$"))
    assert colour(clock) == "rgb(255, 77, 77)"  # red, counting up
    assert page_errors == []


def colour(locator):
    return locator.evaluate("element => getComputedStyle(element).color")
