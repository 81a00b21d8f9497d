"""What every part of the JSON API shares: the error schema, the refusals an operation declares,
the input that refuses NUL characters, a floor refusal in the caller's words, and CSV that a
spreadsheet cannot run (`spreadsheet`)."""

from hemicycle.apikit.errors import (
    ERRORS,
    NO_MEETING,
    STATUS_OF_KIND,
    Error,
    refusal_text,
    refusals,
)
from hemicycle.apikit.schemas import Input

__all__ = [
    "ERRORS",
    "NO_MEETING",
    "STATUS_OF_KIND",
    "Error",
    "Input",
    "refusal_text",
    "refusals",
]
