"""How API callers prove who they are: a browser session (with CSRF) or a bearer token."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hemicycle.accounts.models import ApiToken, digest
from hemicycle.inscription import rush

LAST_USED_GRAIN = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.active().select_related("user").filter(digest=digest(token)).first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_GRAIN:
            # A write per request would queue every caller behind the database's write lock (one
            # writer at a time on SQLite) in a rush: the time of last use is kept to the minute,
            # and written by the writer of the requests to speak along with its next group.
            pk = found.pk
            rush.later(lambda: ApiToken.objects.filter(pk=pk).update(last_used_at=now))
        request.user = found.user
        return found.user


AUTH = [BearerToken(), SessionAuth()]
