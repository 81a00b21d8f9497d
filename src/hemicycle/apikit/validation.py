"""An API answer validated by its schema, without django-ninja's attribute getter.

django-ninja validates a view's answer through a wrapper (`DjangoGetter`) that lets a schema read
model instances, call their methods and follow resolvers; for an answer the view has built as plain
data (dicts, lists, numbers, strings, times) it changes nothing, and costs ten times the
validation itself (0.18 ms of a request to speak's answer, where pydantic alone takes 0.01 ms).
`validated` runs the schema's own pydantic validation without that wrapper and returns an instance
of the schema, which django-ninja then renders as it is (it does not validate an instance of the
declared schema again): the same fields, coercions and rendering, one validation fewer.

It reaches into django-ninja's private validator: the version is bounded in pyproject.toml, and the
shortcut is off (plain `model_validate`, ninja's own validation) when HEMICYCLE_FAST_PATH is off or
the validator is not where it was. It buys a tenth of the writer's time in the opening second
(docs/decisions/0003-fast-paths.md).
"""

import functools
from typing import Any, TypeVar

from django.conf import settings
from ninja import Schema
from pydantic_core import SchemaValidator

S = TypeVar("S", bound=Schema)


def validated(schema: type[S], data: Any) -> S:
    """`data` (plain data) validated as `schema`, as django-ninja would validate it."""
    plain = _validator(schema) if _GETTER is not None and settings.HEMICYCLE_FAST_PATH else None
    if plain is None:
        return schema.model_validate(data)
    return plain.validate_python(data)  # type: ignore[no-any-return]


# django-ninja's wrapper, to be recognised in a schema's validator (None: not where it was).
_GETTER = getattr(getattr(Schema, "_run_root_validator", None), "__func__", None)


@functools.cache
def _validator(schema: type[Schema]) -> SchemaValidator | None:
    """The schema's pydantic validator without the getter's wrapper; None if a schema it contains
    reads its fields through resolvers (they need the getter)."""
    seen: list[type] = []
    core = _without_getter(schema.__pydantic_core_schema__, seen)
    if any(getattr(cls, "_ninja_resolvers", None) for cls in seen):
        return None
    return SchemaValidator(core)  # type: ignore[arg-type]


def _without_getter(node: Any, seen: list[type]) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "model":
            seen.append(node["cls"])
        function = node.get("function")
        if (
            node.get("type") == "function-wrap"
            and isinstance(function, dict)
            and getattr(function.get("function"), "__func__", None) is _GETTER
        ):
            return _without_getter(node["schema"], seen)
        return {key: _without_getter(value, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_getter(value, seen) for value in node]
    return node
