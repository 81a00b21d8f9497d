"""How the API refuses: the one error schema, the refusals an operation declares, and the one
place where a floor refusal becomes words in the caller's language (pages use it too)."""

from django.utils.translation import gettext as _
from ninja import Field, Schema

from hemicycle.floor import FloorError

# A refusal's kind (floor/errors.py) and the HTTP status that says it.
STATUS_OF_KIND = {"not_found": 404, "conflict": 409, "invalid": 422}


class Error(Schema):
    """Every refusal of the API (hemicycle/api.py words them)."""

    detail: str = Field(description="what went wrong and what to do, in the caller's language")
    code: str = Field(description="a stable word: not_found, invalid, stale, forbidden, …")
    fields: dict[str, str] = Field(
        default_factory=dict, description="422: each offending field with what is wrong with it"
    )
    seq: int | None = Field(default=None, description="409 `stale`: the floor's seq now")


def refusals(*statuses: int) -> dict[int, type[Schema]]:
    """The refusals an operation can give, each with the error schema, for its `response=`."""
    return dict.fromkeys(statuses, Error)


# What an operation that reads a meeting by its slug alone can answer besides its result.
NO_MEETING = refusals(404)
# What an authenticated command can answer: an unreadable body (400), no or a bad token (401), a
# role that may not (403), an unknown meeting or entry (404), a command the floor refuses (409),
# a body over the limit (413), invalid fields (422).
ERRORS = refusals(400, 401, 403, 404, 409, 413, 422)


def refusal_text(error: FloorError) -> str:
    """A refusal of the floor (or of a rule beside it), translated and filled in."""
    return _(error.template).format(**error.params)
