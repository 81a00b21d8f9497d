"""A form's refusal as the API's: the set-up API checks its input with the pages' own forms, so
that each rule has one home; their errors become the API's 422 `invalid`, field by field."""

from collections.abc import Iterable, Mapping

from ninja.errors import ValidationError


def refused(
    errors: Mapping[str, Iterable[str]], names: Mapping[str, str] | None = None
) -> ValidationError:
    """The 422 for a form's `errors` (field → messages; `__all__` for the form as a whole), each
    field under the name the API gives it (`names`: form field → API field)."""
    found = []
    for field, messages in errors.items():
        name = "body" if field == "__all__" else (names or {}).get(field, field)
        found.append({"loc": ("body", *name.split(".")), "msg": " ".join(messages)})
    return ValidationError(found)
