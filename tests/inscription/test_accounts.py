"""Accounts: invitations of focal points, the user's page with API tokens listed and revoked."""

import hashlib
import re

from django.core import mail
from django.test import Client

from hemicycle.accounts.models import ApiToken, FocalPoint
from tests.inscription.conftest import signed_in, statement


def invite(secretariat, email, delegation="SVN", name="Ana Novak"):
    return signed_in(secretariat).post(
        "/accounts/focal-points/", {"delegation": delegation, "name": name, "email": email}
    )


def test_the_secretariat_invites_a_second_focal_point_who_sets_a_password(
    accounts, make_meeting, api_as
):
    make_meeting()

    response = invite(accounts["secretariat"], "ana.novak@gov.si")

    assert response.status_code == 302
    assert FocalPoint.objects.filter(delegation__code="SVN").count() == 2
    assert mail.outbox[0].to == ["ana.novak@gov.si"]
    link = re.search(
        r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", mail.outbox[0].body
    ).group(1)
    person = Client()
    short = person.post(link, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 422
    person.post(
        link, {"new_password1": "a long pass phrase", "new_password2": "a long pass phrase"}
    )
    page = person.get("/accounts/me/").content.decode()
    assert 'data-testid="role">Focal point of a delegation<' in page
    assert "Slovenia" in page
    signed = Client().post(
        "/accounts/login/", {"username": "ana.novak@gov.si", "password": "a long pass phrase"}
    )
    assert signed.status_code == 302  # signed in through the page (django-axes counts the tries)


def test_a_forged_invitation_link_is_refused(client, db):
    response = client.get("/accounts/invitation/not-a-token/")

    assert response.status_code == 404


def test_a_bad_invitation_form_is_answered_with_the_fields_to_fix(accounts):
    response = invite(accounts["secretariat"], "not an address", delegation="XXX")

    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter a valid email address." in text
    assert "Select a valid choice." in text
    assert mail.outbox == []


def test_only_the_secretariat_invites(accounts):
    for who in ("chair", "delegate", "outsider"):
        assert invite(accounts[who], "x@example.org").status_code == 403
    assert FocalPoint.objects.filter(user__email="x@example.org").count() == 0


def test_tokens_are_listed_hashed_and_a_revoked_one_stops_working(accounts, make_meeting):
    make_meeting()
    page = signed_in(accounts["delegate"])

    created = page.post("/accounts/me/", {"action": "create", "name": "laptop"}).content.decode()
    secret = re.search(r"<code>(hc_[^<]+)</code>", created).group(1)
    token = ApiToken.objects.get(user=accounts["delegate"])
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    before = api.post(
        "/api/v1/meetings/dialogue/speakers", statement(), content_type="application/json"
    )
    page.post("/accounts/me/", {"action": "revoke", "token": token.pk})
    after = api.post(
        "/api/v1/meetings/dialogue/speakers", statement("SVN"), content_type="application/json"
    )
    listed = page.get("/accounts/me/").content.decode()

    assert secret not in listed
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()  # only the hash is kept
    assert f"{token.prefix}…" in listed
    assert "revoked" in listed
    assert before.status_code == 201
    assert after.status_code == 401


def test_nobody_revokes_anothers_token(accounts):
    token, _secret = ApiToken.issue(accounts["chair"], "console")

    response = signed_in(accounts["delegate"]).post(
        "/accounts/me/", {"action": "revoke", "token": token.pk}
    )

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None
