"""The secretariat's requests page follows the list live: a request made elsewhere appears, and a
withdrawal shows, without a reload."""

import httpx
from playwright.sync_api import expect


def test_the_requests_page_follows_the_list(served, open_page, page_errors):
    served.short_meeting("requests-live", overrun="soft", statement_s=60)
    url = f"{served.url}/manage/requests-live/requests/"
    page = open_page(url, user="secretariat", served=served)
    table = page.get_by_test_id("requests")
    expect(table).to_contain_text("No request matches.")
    page.wait_for_timeout(300)  # the page's stream is connected

    made = httpx.post(
        f"{served.url}/api/v1/meetings/requests-live/speakers",
        json={"delegation": "NOR", "speaker": "Mona Juul", "level": "permanent_representative"},
        headers=served.token("secretariat"),
    )
    assert made.status_code == 201
    expect(table).to_contain_text("Mona Juul")
    expect(table.locator("tr[data-status='waiting']")).to_have_count(1)

    httpx.delete(
        f"{served.url}/api/v1/meetings/requests-live/speakers/{made.json()['entry']['id']}",
        headers=served.token("secretariat"),
    )
    expect(table.locator("tr[data-status='withdrawn']")).to_have_count(1)
    assert page_errors == []
