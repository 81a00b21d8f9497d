"""Civil society end to end in Chromium: an organisation applies, the secretariat selects it, its
contact sets a password from the e-mailed link, finds the request on the list and verifies the
receipt."""

import re
import time
from pathlib import Path
from unittest import mock

import pytest

from tests.conftest import serve_demo

MAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("civil-society")
    with mock.patch.dict("os.environ", {"HEMICYCLE_EMAIL_BACKEND": MAIL_BACKEND}):
        served = serve_demo(data, "hemicycle_inscription_browser")
    served.mail = data / "outbox"
    yield served
    served.stop()


def mail_containing(folder: Path, words: str, wait_s: float = 15) -> str:
    """The e-mail (written by the server's mail thread) that contains `words`."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.log")) if folder.exists() else []:
            text = path.read_text()
            if words in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail with “{words}” in {folder}")


def test_an_organisation_applies_is_selected_and_follows_its_request(
    server, open_page, page_errors
):
    base = f"{server.url}/meetings/r2p-2013"
    form = open_page(f"{base}/civil-society/apply/")
    form.get_by_label("Organisation").fill("Asia-Pacific Centre for R2P")
    form.get_by_label("ECOSOC consultative status").select_option("special")
    form.get_by_label("Contact person").fill("Noel Morada")
    form.get_by_label("Contact e-mail").fill("n.morada@r2pasiapacific.org")
    form.get_by_label("Intended remarks").fill("Regional perspectives on prevention.")
    form.get_by_role("button", name="Send the application").click()
    assert (
        "The application of Asia-Pacific Centre for R2P is received"
        in form.get_by_test_id("applied").inner_text()
    )

    secretariat = open_page(f"{base}/civil-society/", user="secretariat", served=server)
    row = secretariat.locator("tr", has_text="Asia-Pacific Centre for R2P")
    assert "Regional perspectives on prevention." in row.inner_text()
    row.get_by_role("button", name="Select").click()
    assert (
        "is selected, inscribed and told by e-mail"
        in secretariat.get_by_test_id("messages").inner_text()
    )
    assert (
        "Selected — position"
        in secretariat.locator("tr", has_text="Asia-Pacific Centre for R2P").inner_text()
    )

    # The contact, now a focal point, may also get the receipt of the request: find the decision.
    decision = mail_containing(server.mail, "is selected to speak")
    assert "n.morada@r2pasiapacific.org" in decision
    link = re.search(r"http://127\.0\.0\.1:\d+(/accounts/invitation/\S+/)", decision).group(1)

    contact = open_page(f"{server.url}{link}")
    contact.get_by_label("New password", exact=True).fill("a long pass phrase")
    contact.get_by_label("New password confirmation").fill("a long pass phrase")
    contact.get_by_role("button", name="Set the password").click()
    contact.wait_for_url(f"{server.url}/accounts/me/")
    assert contact.get_by_test_id("role").inner_text() == "Civil society organisation"

    contact.goto(f"{base}/inscription/")
    own = contact.get_by_test_id("own-request")
    heading = own.locator("h2").inner_text()
    assert heading.startswith("Asia-Pacific Centre for R2P: position ")
    position = int(heading.rsplit(" ", 1)[1])
    own.get_by_role("link", name="Verify this receipt").click()
    assert "This receipt is genuine" in contact.get_by_test_id("verdict").inner_text()
    assert contact.get_by_test_id("now").inner_text() == f"waiting, position {position}"

    public = open_page(f"{base}/list/")
    row = public.get_by_test_id("published-list").locator("tr", has_text="Asia-Pacific Centre")
    assert row.inner_text().startswith(f"{position}\t")
    assert "Civil society organisation; received" in row.inner_text()
    public.screenshot(path="/tmp/insc-list.png", full_page=False)
    assert page_errors == []
