"""The public JSON API, `/api/v1/`: the contract of DESIGN.md, documented at /api/v1/openapi.json.

Errors are JSON: {"detail": what to do, "code": a stable word, "fields": the offending fields}.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hemicycle import floor
from hemicycle.accounts.api import router as accounts_router
from hemicycle.accounts.staff import StaffError
from hemicycle.apikit import STATUS_OF_KIND, refusal_text
from hemicycle.delegations.api import router as delegations_router
from hemicycle.floor.errors import StaleCommand
from hemicycle.inscription.api import router as inscription_router
from hemicycle.meetings import documents_api, setup_api  # noqa: F401 (operations of the router below)
from hemicycle.meetings.api import router as meetings_router  # the meetings' reads and set-up
from hemicycle.meetings.lifecycle import LifeCycleError
from hemicycle.meetings.programme import ProgrammeError
from hemicycle.meetings.staff_api import router as officers_router
from hemicycle.outcome.api import router as outcome_router
from hemicycle.outcome.api import search_router
from hemicycle.proceedings.api import router as proceedings_router
from hemicycle.proceedings.forecast_api import router as forecast_router
from hemicycle.proceedings.proofs_api import keys_router
from hemicycle.proceedings.proofs_api import router as proofs_router
from hemicycle.records.api import router as records_router

api = NinjaAPI(
    title="Hemicycle API",
    version="1",
    description="Meetings, their programme, the list of speakers, the floor and its record.",
    urls_namespace="api",
    docs_url="/docs",
    # Served from /static/ninja/ (ninja is an installed app); no call to the validator's site.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/meetings", meetings_router)
api.add_router("/meetings", inscription_router)
api.add_router("/meetings", proceedings_router)
api.add_router("/meetings", records_router)
api.add_router("/delegations", delegations_router)
api.add_router("/meetings", forecast_router)
api.add_router("/meetings", outcome_router)
api.add_router("/meetings", proofs_router)
api.add_router("/keys", keys_router)
api.add_router("/meetings", officers_router)
api.add_router("", accounts_router)
api.add_router("/statements", search_router)


def error(request: HttpRequest, status: int, detail: str, code: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(floor.FloorError)
def floor_error(request: HttpRequest, exc: floor.FloorError) -> HttpResponse:
    detail = refusal_text(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, StaleCommand):
        extra["seq"] = exc.params["seq"]
    return error(request, STATUS_OF_KIND.get(exc.kind, 409), detail, exc.code, **extra)


@api.exception_handler(StaffError)
def staff_error(request: HttpRequest, exc: StaffError) -> HttpResponse:
    extra = {"fields": exc.fields} if getattr(exc, "fields", None) else {}
    return error(request, STATUS_OF_KIND.get(exc.code, 422), str(exc), exc.code, **extra)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        fields[".".join(location) or "body"] = str(item.get("msg", ""))
    listed = "; ".join(f"{name}: {message}" for name, message in fields.items())
    return error(
        request,
        422,
        _("Correct these fields: %(fields)s") % {"fields": listed},
        "invalid",
        fields=fields,
    )


@api.exception_handler(ProgrammeError)
def programme_refused(request: HttpRequest, exc: ProgrammeError) -> HttpResponse:
    return error(request, 409, str(exc), "programme")


@api.exception_handler(LifeCycleError)
def stage_refused(request: HttpRequest, exc: LifeCycleError) -> HttpResponse:
    return error(request, 409, str(exc), "stage")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(
        request,
        401,
        _(
            "Sign in, or send “Authorization: Bearer <token>” with a token from "
            "your account page or `hemicycle token USERNAME`."
        ),
        "unauthenticated",
    )


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, str(exc) or _("You may not do this."), "forbidden")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, str(exc) or _("Not found."), "not_found")


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/v1/ that no operation answers: a JSON 404, as for every other refusal."""
    detail = _("There is no such address in the API; its operations are listed at /api/v1/docs.")
    return error(request, 404, detail, "not_found")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        detail = _(
            "The request body could not be read; send JSON with Content-Type: application/json."
        )
        return error(request, 400, detail, "bad_request")
    if exc.status_code == 403:  # django-ninja's only 403 is a failed CSRF check of a session
        detail = _("The page's security token is missing or stale: reload the page and try again.")
        return error(request, 403, detail, "csrf")
    return error(request, exc.status_code, str(exc), "error")


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error(
        request,
        413,
        _(
            "The request is too large; a request to speak or a command is a few hundred bytes of JSON."
        ),
        "too_large",
    )
