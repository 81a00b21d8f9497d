"""How API callers prove who they are: a browser session (with CSRF) or a bearer token."""

import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hemicycle.accounts import roles
from hemicycle.accounts.models import ApiToken, FocalPoint, digest
from hemicycle.inscription import rush

LAST_USED_GRAIN = timedelta(minutes=1)

# The account behind a token and its roles, kept in this process for a while: a chair's command
# otherwise spent three of its five queries finding out who sent it. Whether the token is still
# valid (not revoked, its account active) is asked of the database at every use, in one small
# query, so a revocation holds at once in every worker; a change of roles made in this process
# empties the memory, and one made in another is seen here within KEEP_S.
KEEP_S = 30.0
_known: dict[str, tuple[float, ApiToken]] = {}
_known_lock = threading.Lock()
_STILL_VALID = (
    f"SELECT 1 FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
    "WHERE t.id = %s AND t.revoked_at IS NULL AND u.is_active"
)


def _still_valid(token: ApiToken) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_STILL_VALID, [token.pk])
        return cursor.fetchone() is not None


def _active(key: str) -> ApiToken | None:
    now = time.monotonic()
    with _known_lock:
        known = _known.get(key)
    if known is not None and known[0] > now:
        if _still_valid(known[1]):
            return known[1]
        forget()
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=key).first()
    if token is not None:
        roles.prefetch([token.user])
        with _known_lock:
            _known[key] = (now + KEEP_S, token)
    return token


def forget(*args: Any, **kwargs: Any) -> None:
    """Empty the memory of tokens (a token, an account, its groups or delegations changed)."""
    with _known_lock:
        _known.clear()


for _model in (ApiToken, User, FocalPoint):
    post_save.connect(forget, sender=_model, dispatch_uid=f"auth-forget-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"auth-forget-del-{_model.__name__}")
m2m_changed.connect(forget, sender=User.groups.through, dispatch_uid="auth-forget-groups")


def token_of(secret: str) -> ApiToken | None:
    """The active token whose secret is `secret` (looked up once per group in the writer)."""
    key = digest(secret)
    return rush.cached(("token", key), lambda: _active(key))


def prepare_tokens(secrets: Iterable[str]) -> None:
    """In the writer: look up a whole group's tokens, their accounts and roles in three queries."""
    keys = {digest(secret) for secret in secrets}
    found = {
        token.digest: token
        for token in ApiToken.objects.active().select_related("user").filter(digest__in=keys)
    }
    roles.prefetch([token.user for token in found.values()])
    for key in keys:
        rush.seed(("token", key), found.get(key))


def _mark_used(uses: list[tuple[int, datetime]]) -> None:
    ApiToken.objects.filter(pk__in={pk for pk, _at in uses}).update(
        last_used_at=max(at for _pk, at in uses)
    )


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_of(token)
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_GRAIN:
            # A write per request would queue every caller behind the database's write lock (one
            # writer at a time on SQLite) in a rush: the time of last use is kept to the minute,
            # and written by the writer of the requests to speak along with its next group (in
            # one statement for the whole group when the request is the writer's own).
            found.last_used_at = now
            rush.gather(_mark_used, (found.pk, now))
        request.user = found.user
        return found.user


class BrowserSession(SessionAuth):
    """A signed-in browser (its session cookie, with the CSRF check). A caller without a session
    cookie is not a browser session: a wrong or revoked token is then answered 401, not with a
    CSRF failure that would send an API client looking for a page's security token."""

    def __call__(self, request: HttpRequest) -> Any:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


AUTH = [BearerToken(), BrowserSession()]
