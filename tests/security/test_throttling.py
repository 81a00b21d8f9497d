"""M6, L7: sign-in, invitation links and civil-society applications are throttled per client:
a stranger cannot try passwords or tokens, or fill the selection page, without limit."""

import pytest
from django.test import Client

from tests.inscription.test_civil_society import APPLICATION


def _sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def few(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_wrong_passwords_lock_the_account_and_the_address_out(accounts, few):
    attempts = [_sign_in(Client(), "delegate", f"wrong{i}").status_code for i in range(3)]

    right = _sign_in(Client(), "delegate", "hemicycle")
    other_account = _sign_in(Client(), "chair", "hemicycle")
    elsewhere = _sign_in(Client(), "delegate", "hemicycle", address="198.51.100.9")

    assert attempts[:2] == [200, 200]  # the form again, with its error
    assert right.status_code == other_account.status_code == elsewhere.status_code == 429
    assert "Try again in 15 minutes" in right.content.decode()


def test_the_admins_sign_in_is_throttled_too(accounts, few):
    for i in range(3):
        Client().post(
            "/admin/login/", {"username": "secretariat", "password": f"x{i}"}, REMOTE_ADDR="1.2.3.4"
        )

    answer = Client().post(
        "/admin/login/", {"username": "secretariat", "password": "hemicycle"}, REMOTE_ADDR="1.2.3.4"
    )

    assert answer.status_code == 429


def test_a_forwarded_for_header_from_the_client_changes_nothing(accounts, few):
    for i in range(3):
        Client().post(
            "/accounts/login/",
            {"username": "outsider", "password": f"x{i}"},
            REMOTE_ADDR="203.0.113.8",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )

    answer = _sign_in(Client(), "chair", "hemicycle", address="203.0.113.8")

    assert answer.status_code == 429


def test_a_right_password_before_the_limit_signs_in(accounts, few):
    _sign_in(Client(), "delegate", "wrong")

    assert _sign_in(Client(), "delegate", "hemicycle").status_code == 302


def test_invitation_links_are_limited_per_address(db, settings):
    settings.HEMICYCLE_INVITATION_TRIES_PER_HOUR = 5
    answers = [
        Client().get(f"/accounts/invitation/guess{i}/", REMOTE_ADDR="203.0.113.9").status_code
        for i in range(6)
    ]

    assert answers == [404] * 5 + [429]


def test_applications_are_limited_per_address(client, make_meeting, settings):
    from hemicycle.inscription.models import Application

    make_meeting()
    settings.HEMICYCLE_APPLICATIONS_PER_HOUR = 3
    answers = [
        Client()
        .post("/meetings/dialogue/civil-society/apply/", APPLICATION, REMOTE_ADDR="203.0.113.10")
        .status_code
        for _ in range(4)
    ]
    form = Client().get("/meetings/dialogue/civil-society/apply/", REMOTE_ADDR="203.0.113.10")

    assert answers == [200, 200, 200, 429]
    assert Application.objects.count() == 3
    assert form.status_code == 200  # the form itself stays readable
