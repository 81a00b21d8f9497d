"""Who acts, for the audit trail: auditlog's middleware, with the actor looked up when an entry is
written rather than when the request arrives. An API call signs in by its bearer token inside the
view (django-ninja sets `request.user` then), after every middleware has run."""

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _signed_in(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


class AuditActor(AuditlogMiddleware):
    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        return SimpleLazyObject(lambda: _signed_in(request))
