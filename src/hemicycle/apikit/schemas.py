"""The base of every body the API accepts."""

from typing import Any

from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


class Input(Schema):
    """A body the API accepts. No text in it may hold a NUL character: PostgreSQL cannot store
    one, no name contains one, and refusing it here (422, naming the field) keeps the answer the
    same on every database."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _holds_nul(value):
            raise PydanticCustomError("nul_character", "Text may not contain a NUL character")
        return value
