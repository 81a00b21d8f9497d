"""The secretariat appoints a new presiding officer on a meeting's Officers tab; the person sets a
password from the e-mailed link and runs that meeting's floor from the console, and no other."""

import email
import re
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import expect

PASSWORD = "a long pass phrase"


def invitation_path(outbox: Path, address: str) -> str:
    """The invitation link's path in the latest e-mail to `address` in the file outbox."""
    for log in sorted(outbox.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for chunk in reversed(log.read_bytes().split(b"-" * 79)):
            message = email.message_from_bytes(chunk.strip())
            if message["To"] == address:
                body = message.get_payload(decode=True).decode()
                return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", body).group(1)
    raise AssertionError(f"no e-mail to {address} in {outbox}")


def test_a_chair_appointed_in_the_product_runs_their_meeting_and_no_other(
    served, open_page, browser
):
    slug = f"staffed-{uuid.uuid4().hex[:6]}"
    address = f"chair-{slug}@example.org"
    served.short_meeting(slug, overrun="soft", statement_s=120)
    inscribed = httpx.post(
        f"{served.url}/api/v1/meetings/{slug}/speakers",
        json={"delegation": "GHA", "speaker": "Martha Pobee", "level": "permanent_representative"},
        headers=served.token("secretariat"),
    )
    assert inscribed.status_code == 201

    secretariat = open_page(f"{served.url}/manage/{slug}/staff/", user="secretariat", served=served)
    secretariat.fill("#id_name", "Amina Chair")
    secretariat.fill("#id_email", address)
    secretariat.select_option("#id_office", "presiding")
    secretariat.get_by_test_id("officer-form").get_by_role("button").click()
    expect(secretariat.get_by_test_id("officers")).to_contain_text(address)
    expect(secretariat.get_by_test_id("officers")).to_contain_text("Presiding officer")

    context = browser.new_context()
    chair = context.new_page()
    chair.goto(
        served.url + invitation_path(Path(served.env["HEMICYCLE_DATA_DIR"]) / "outbox", address)
    )
    chair.fill("input[name=new_password1]", PASSWORD)
    chair.fill("input[name=new_password2]", PASSWORD)
    chair.get_by_role("button").last.click()
    chair.wait_for_url(re.compile(r".*/accounts/me/$"))
    expect(chair.get_by_test_id("role")).to_have_text("Presiding officer")

    chair.goto(f"{served.url}/meetings/{slug}/console/")
    expect(chair.locator("[data-connection]").first).to_have_attribute("data-connected", "true")
    chair.get_by_test_id("cmd-next").click()
    expect(chair.get_by_test_id("current-speaker")).to_have_text("Ghana")

    elsewhere = chair.goto(f"{served.url}/meetings/r2p-2013/console/")
    assert elsewhere is not None
    assert elsewhere.status == 403
    context.close()
