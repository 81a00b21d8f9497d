"""Every page on a 390 by 844 phone, for every role that uses it, in English and in Arabic: nothing
reaches past the screen's edges, so nothing needs a sideways scroll."""

import pytest

from tests.browser.site_map import OVERFLOW_JS, PHONE, ROLES, pages, signed_in


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_is_wider_than_a_phone(served, browser, language):
    wider: list[str] = []
    visited = 0
    for role in ROLES:
        context = signed_in(
            browser, served.url, role, language, viewport=PHONE, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        for each in pages(served.url):
            if role not in each.roles:
                continue
            response = page.goto(served.url + each.path)
            assert response.status == each.status, f"{each.path} as {role}"
            page.wait_for_timeout(200)  # the live pages draw their list from the stream
            found = page.evaluate(OVERFLOW_JS, PHONE["width"])
            visited += 1
            if found["page"] > PHONE["width"] or found["out"]:
                wider.append(f"{each.name} as {role}: {found['page']} px {found['out'][:4]}")
        context.close()

    assert visited >= 40
    assert wider == []
