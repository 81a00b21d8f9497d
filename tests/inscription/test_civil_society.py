"""Civil society through the pages: an application, the secretariat's selection, the e-mails, the
contact's account, and the organisation inscribed last by UN practice."""

import re

from django.core import mail
from django.test import Client

from hemicycle.inscription.models import Application
from hemicycle.proceedings import store
from tests.inscription.conftest import signed_in, statement

APPLICATION = {
    "organisation": "Global Centre for the Responsibility to Protect",
    "ecosoc_status": "special",
    "contact_name": "Simon Adams",
    "contact_email": "sadams@globalr2p.org",
    "speaker": "",
    "remarks": "Prevention is the heart of R2P.",
}


def test_an_application_with_missing_fields_is_answered_with_the_fields_to_fix(
    client, make_meeting
):
    make_meeting()

    response = client.post(
        "/meetings/dialogue/civil-society/apply/",
        {**APPLICATION, "organisation": "  ", "contact_email": "not an address"},
    )

    text = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in text
    assert "Enter a valid email address." in text
    assert Application.objects.count() == 0


def test_selection_inscribes_the_organisation_last_and_invites_its_contact(
    client, make_meeting, accounts, api_as
):
    meeting = make_meeting()
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("GHA", level="other"))
    applied = client.post("/meetings/dialogue/civil-society/apply/", APPLICATION)
    application = Application.objects.get()
    api_as("delegate").post("/meetings/dialogue/speakers", statement())

    chosen = signed_in(accounts["secretariat"]).post(
        "/meetings/dialogue/civil-society/", {"application": application.pk, "decision": "select"}
    )

    application.refresh_from_db()
    state = store.state_of(meeting)
    waiting = [e.delegation for e in state.waiting()]
    assert "is received" in applied.content.decode()
    assert chosen.status_code == 302
    assert application.decision == "selected"
    assert waiting == ["SVN", "GHA", application.delegation.code]
    assert state.entries[application.entry].category == "civil_society"
    decision = next(m for m in mail.outbox if m.subject.startswith("Your application"))
    assert decision.to == ["sadams@globalr2p.org"]
    assert "is selected to speak" in decision.body
    link = re.search(r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", decision.body).group(1)

    contact = Client()
    form = contact.get(link)
    done = contact.post(
        link, {"new_password1": "a long pass phrase", "new_password2": "a long pass phrase"}
    )
    own = contact.get("/meetings/dialogue/inscription/").content.decode()
    again = Client().get(link)

    assert form.status_code == 200
    assert done.status_code == 302
    assert "Global Centre for the Responsibility to Protect" in own
    assert "position 3" in own
    assert again.status_code == 404
    assert "no longer works" in again.content.decode()
    receipt = next(m for m in mail.outbox if m.subject.startswith("Request to speak received"))
    assert receipt.to == ["sadams@globalr2p.org"]


def test_a_declined_organisation_is_told_and_not_inscribed(client, make_meeting, accounts):
    meeting = make_meeting()
    client.post("/meetings/dialogue/civil-society/apply/", APPLICATION)
    application = Application.objects.get()

    signed_in(accounts["secretariat"]).post(
        "/meetings/dialogue/civil-society/", {"application": application.pk, "decision": "decline"}
    )

    application.refresh_from_db()
    assert application.decision == "declined"
    assert store.state_of(meeting).waiting() == []
    assert [m.to for m in mail.outbox] == [["sadams@globalr2p.org"]]
    assert "could not select" in mail.outbox[0].body


def test_only_the_secretariat_selects(client, make_meeting, accounts):
    make_meeting()
    client.post("/meetings/dialogue/civil-society/apply/", APPLICATION)
    application = Application.objects.get()

    for who in ("chair", "delegate", "outsider"):
        response = signed_in(accounts[who]).post(
            "/meetings/dialogue/civil-society/",
            {"application": application.pk, "decision": "select"},
        )
        assert response.status_code == 403

    application.refresh_from_db()
    assert application.decision == "pending"
