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


FOCUS_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.name || "").trim().slice(0, 40),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}
"""


@pytest.mark.parametrize(
    ("role", "path"),
    [("delegate", "/meetings/r2p-2013/inscription/"), ("secretariat", "/manage/r2p-2013/letters/")],
)
def test_a_keyboard_alone_reaches_the_page_and_sees_where_it_is(served, browser, role, path):
    context = signed_in(browser, served.url, role, "en")
    page = context.new_page()
    page.goto(served.url + path)

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_JS)
    page.keyboard.press("Enter")  # the skip link: the focus moves to the main content
    in_main = page.evaluate("() => document.activeElement.id")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_JS))
    context.close()

    assert first["text"] == "Skip to main content"
    assert in_main == "main"
    assert any(f["tag"] in ("input", "select", "textarea") for f in seen)
    # Every control shows its focus (past the last one, the focus leaves the page: body).
    assert [f for f in seen if f["tag"] != "body" and not (f["outline"] or f["shadow"])] == []
