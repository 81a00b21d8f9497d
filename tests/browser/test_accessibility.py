"""axe-core (from axe-playwright-python) finds no violation on any page, for any role that uses it,
in English and in Arabic, on a desktop screen and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.site_map import PHONE, ROLES, pages, signed_in

SCREENS = {"desktop": {"viewport": {"width": 1366, "height": 900}}, "phone": {"viewport": PHONE}}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_violation_on_any_page(served, browser, language, screen):
    axe = Axe()
    found: list[str] = []
    checked = 0
    for role in ROLES:
        context = signed_in(browser, served.url, role, language, **SCREENS[screen])
        page = context.new_page()
        for each in pages(served.url):
            if role not in each.roles:
                continue
            response = page.goto(served.url + each.path)
            assert response.status == each.status, f"{each.path} as {role}"
            page.wait_for_timeout(200)  # the live pages draw their list from the stream
            for violation in axe.run(page).response["violations"]:
                targets = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{each.name} as {role}: {violation['id']} {targets}")
            checked += 1
        context.close()

    assert checked >= 40
    assert found == []
