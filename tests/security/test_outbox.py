"""Receipt e-mails survive a crash: each is written with the request it tells of, logged when
sent or when it fails, retried, and sent at the next start if the process died first."""

import json
import time
from datetime import timedelta

import httpx
import pytest
from django.core import mail

from hemicycle.inscription import mailer
from hemicycle.inscription.models import Mail
from tests.conftest import serve_demo
from tests.inscription.conftest import statement


@pytest.fixture(autouse=True)
def _delegate_has_an_address(accounts):
    accounts["delegate"].email = "svn@example.org"
    accounts["delegate"].save()


def test_a_receipt_is_queued_with_its_request_and_logged_when_sent(api_as, make_meeting):
    make_meeting()

    answer = api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()

    row = Mail.objects.get()
    assert row.key.endswith(f":{answer['receipt']['seq']}")
    assert (row.sent_at is not None, row.attempts, row.error) == (True, 1, "")
    assert row.message_id == mail.outbox[0].extra_headers["Message-ID"]
    assert mail.outbox[0].subject.startswith("Request to speak received: Slovenia")


def test_a_refused_request_queues_no_e_mail(api_as, make_meeting):
    make_meeting()
    delegate = api_as("delegate")
    delegate.post("/meetings/dialogue/speakers", statement())

    again = delegate.post("/meetings/dialogue/speakers", statement())

    assert again.status_code == 409
    assert Mail.objects.count() == 1


def test_a_failure_is_logged_and_retried_after_a_pause(api_as, make_meeting, settings, monkeypatch):
    make_meeting()
    monkeypatch.setattr(mailer, "_in_background", lambda: False)  # sent at once, in this thread
    settings.EMAIL_BACKEND = "tests.security.backends.Down"
    mail.outbox = []
    api_as("delegate").post("/meetings/dialogue/speakers", statement())
    failed = Mail.objects.get()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    too_soon = mailer.due()
    Mail.objects.filter(pk=failed.pk).update(tried_at=failed.tried_at - timedelta(minutes=1))
    sent = mailer.deliver_due()

    failed.refresh_from_db()
    assert (failed.attempts, failed.sent_at is not None) == (2, True)
    assert (too_soon, sent) == ([], 1)
    assert len(mail.outbox) == 1


def test_a_name_with_a_line_break_still_gets_its_receipt(api_as, make_meeting):
    from hemicycle.delegations.models import Delegation

    make_meeting()
    Delegation.objects.filter(code="SVN").update(name="Slovenia\r\nBcc: attacker@evil.example")

    api_as("delegate").post("/meetings/dialogue/speakers", statement())

    assert Mail.objects.get().sent_at is not None
    assert mail.outbox[0].subject.startswith("Request to speak received: Slovenia Bcc:")


ADDRESS = (
    "from django.contrib.auth.models import User; "
    "User.objects.filter(username='secretariat').update(email='secretariat@example.org')"
)
UNSENT = (
    "from hemicycle.inscription.models import Mail; import json; "
    "print(json.dumps([[m.attempts, bool(m.error), m.sent_at is not None] for m in Mail.objects.all()]))"
)


def test_unsent_receipts_leave_after_a_sigkill_and_a_restart(tmp_path):
    server = serve_demo(tmp_path, "hemicycle_outbox")
    try:
        server.hemicycle("shell", "-c", ADDRESS)
        server.stop()
        server.env["HEMICYCLE_EMAIL_BACKEND"] = "tests.security.backends.Down"
        server.start()
        answer = httpx.post(
            f"{server.url}/api/v1/meetings/r2p-2013/speakers",
            json=statement("TUV"),  # a delegation the demo has not inscribed
            headers=server.token("secretariat"),
        )
        deadline = time.monotonic() + 10
        while _log(server) != [[1, True, False]]:
            assert time.monotonic() < deadline, "the failure was not logged"
            time.sleep(0.3)

        server.stop(signal=9)
        server.env["HEMICYCLE_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        server.start()
        deadline = time.monotonic() + 10
        while _log(server) != [[2, False, True]]:  # sent at the second attempt
            assert time.monotonic() < deadline, "the e-mail was not sent after the restart"
            time.sleep(0.3)
    finally:
        server.stop()

    assert answer.status_code == 201
    sent = [p.read_text() for p in (tmp_path / "outbox").iterdir() if p.stat().st_size]
    assert [f"seq: {answer.json()['receipt']['seq']}" in m for m in sent] == [True]


def _log(server):
    return json.loads(server.hemicycle("shell", "-c", UNSENT).splitlines()[-1])
