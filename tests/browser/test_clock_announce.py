"""The countdown told to screen readers: a polite live region that changes at one minute, thirty
seconds and the limit, and at no other moment."""

import httpx
from playwright.sync_api import expect

SECONDS_OF_A_THREE_MINUTE_SPEECH = """
async () => {
  const { announce } = await import("/static/hemicycle/countdown.js");
  const region = document.createElement("p");
  region.setAttribute("data-at-60", "one minute");
  region.setAttribute("data-at-30", "thirty seconds");
  region.setAttribute("data-at-0", "time");
  const heard = [];
  const speech = { id: 7, limit_s: 180 };
  for (let elapsed = 0; elapsed <= 200; elapsed += 0.25) {
    const before = region.textContent;
    announce(region, speech, elapsed);
    if (region.textContent !== before) heard.push([elapsed, region.textContent]);
  }
  announce(region, { id: 8, limit_s: 20 }, 0);  // the next speech: too short for the first two
  heard.push([0, region.textContent]);
  announce(region, { id: 8, limit_s: 20 }, 21);
  heard.push([21, region.textContent]);
  return heard;
}
"""


def test_the_region_changes_three_times_in_a_speech(served, open_page):
    page = open_page(f"{served.url}/meetings/r2p-2013/")

    heard = page.evaluate(SECONDS_OF_A_THREE_MINUTE_SPEECH)

    assert heard == [
        [120, "one minute"],
        [150, "thirty seconds"],
        [180, "time"],
        [0, ""],
        [21, "time"],
    ]


def test_the_public_page_announces_the_limit_once_it_is_reached(served, open_page, page_errors):
    served.short_meeting("spoken", overrun="soft", statement_s=2)
    httpx.post(
        f"{served.url}/api/v1/meetings/spoken/speakers",
        json={"delegation": "ISL"},
        headers=served.token("secretariat"),
    )
    page = open_page(f"{served.url}/meetings/spoken/")
    region = page.get_by_test_id("clock-announce")
    expect(region).to_have_attribute("aria-live", "polite")

    httpx.post(
        f"{served.url}/api/v1/meetings/spoken/floor",
        json={"action": "next"},
        headers=served.token("chair"),
    )

    expect(page.get_by_test_id("countdown")).to_have_attribute("data-state", "warning")
    assert region.text_content() == ""
    expect(region).to_have_text("Time is up", timeout=4000)
    assert page_errors == []
