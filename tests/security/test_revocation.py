"""L6: a revoked API token stays revoked: not in the admin, not through the model, not anywhere."""

import pytest
from django.test import Client

from hemicycle.accounts.models import ApiToken, Irrevocable
from tests.api.conftest import Api
from tests.inscription.conftest import signed_in, statement


def _revoked_token(accounts, make_meeting):
    make_meeting()
    token, secret = ApiToken.issue(accounts["delegate"], "laptop")
    signed_in(accounts["delegate"]).post(
        "/accounts/me/", {"action": "revoke", "token": str(token.pk)}
    )
    return token, Api(Client(), {"Authorization": f"Bearer {secret}"})


def test_the_admin_cannot_clear_a_revocation(accounts, make_meeting):
    token, caller = _revoked_token(accounts, make_meeting)
    admin = signed_in(accounts["secretariat"])
    change = f"/admin/accounts/apitoken/{token.pk}/change/"

    form = admin.get(change)
    admin.post(change, {"name": "laptop", "revoked_at_0": "", "revoked_at_1": ""})

    assert form.status_code == 200
    assert 'name="revoked_at_0"' not in form.content.decode()  # shown, not editable
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert caller.post("/meetings/dialogue/speakers", statement()).status_code == 401


def test_the_admin_revokes_with_an_action(accounts, make_meeting):
    make_meeting()
    token, _secret = ApiToken.issue(accounts["delegate"], "laptop")
    admin = signed_in(accounts["secretariat"])

    admin.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}
    )

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_neither_the_model_nor_a_query_restores_a_revoked_token(accounts, make_meeting):
    token, caller = _revoked_token(accounts, make_meeting)
    token.refresh_from_db()
    token.revoked_at = None

    with pytest.raises(Irrevocable):
        token.save()
    with pytest.raises(Irrevocable):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert caller.post("/meetings/dialogue/speakers", statement()).status_code == 401
