"""How API callers prove who they are: a browser session (with CSRF) or a bearer token."""

import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hemicycle.accounts import roles
from hemicycle.accounts.models import ApiToken, digest

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
            # The token is kept; its holder's roles are read again: an office given or taken in
            # another process (a worker, `hemicycle shell`) counts at once.
            roles.prefetch([known[1].user])
            return known[1]
        forget()
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=key).first()
    if token is not None:
        roles.prefetch([token.user])
        with _known_lock:
            _known[key] = (now + KEEP_S, token)
    return token


# The digests of every active token, read by the server at start and every KEEP_S: the fast path
# reads a body only for a token in it (a made-up token is left to Django's guarded path). None:
# not read in this process, so every token may be one.
_issued: frozenset[str] | None = None


def read_issued() -> None:
    global _issued
    _issued = frozenset(ApiToken.objects.active().values_list("digest", flat=True))


def maybe_issued(secret: str) -> bool:
    """Whether `secret` may be an active token, as last read (it is checked for good with the
    request)."""
    return _issued is None or digest(secret) in _issued


def issued(secret: str) -> bool:
    """Whether `secret` is an active token, asked of the database (a token issued since the last
    reading); one that is joins what is known."""
    global _issued
    key = digest(secret)
    found = ApiToken.objects.active().filter(digest=key).exists()
    if found and _issued is not None:
        _issued = _issued | {key}
    return found


def forget(*args: Any, **kwargs: Any) -> None:
    """Empty the memory of tokens (a token, an account, its groups or delegations changed)."""
    with _known_lock:
        _known.clear()


def tokens_for(secrets: Iterable[str]) -> dict[str, ApiToken | None]:
    """The active tokens of many secrets (by digest), with their accounts and roles, in three
    queries: the writer looks up a whole batch's callers at once."""
    keys = {digest(secret) for secret in secrets}
    found = {
        token.digest: token
        for token in ApiToken.objects.active().select_related("user").filter(digest__in=keys)
    }
    roles.prefetch([token.user for token in found.values()])
    return {key: found.get(key) for key in keys}


# A request may come with its token already looked up (by the writer, for its whole batch, which
# then records the batch's uses itself): `request.looked_up_token = (digest, token or None)`.
LOOKED_UP = "looked_up_token"


def stale_use(token: ApiToken, now: datetime) -> bool:
    """Whether the token's time of last use is to be written: it is kept to the minute, since a
    write per request would queue every caller behind the database's write lock in a rush."""
    return token.last_used_at is None or now - token.last_used_at > LAST_USED_GRAIN


def mark_used(pks: Iterable[int], at: datetime) -> None:
    ApiToken.objects.filter(pk__in=set(pks)).update(last_used_at=at)


def _write_now(pk: int, at: datetime) -> None:
    mark_used([pk], at)


# How a use is written outside a batch: at once by default; the writer (proceedings/apps.py) has
# it queued to join its next batch instead, rather than wait for the database's lock on its own.
_record_use: Callable[[int, datetime], None] = _write_now


def record_uses_with(record: Callable[[int, datetime], None]) -> None:
    global _record_use
    _record_use = record


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = digest(token)
        looked_up = getattr(request, LOOKED_UP, None)
        batched = looked_up is not None and looked_up[0] == key
        found = looked_up[1] if batched else _active(key)
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if not batched and stale_use(found, now):
            found.last_used_at = now
            _record_use(found.pk, now)
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


def caller(request: HttpRequest) -> Any:
    """Who asks, for an operation open to anyone that answers some callers more (a draft meeting
    to whoever prepares it): the account of a valid bearer token, else the browser's session."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        token = _active(digest(secret.strip()))
        if token is not None and token.user.is_active:
            return token.user
    return getattr(request, "user", None)
