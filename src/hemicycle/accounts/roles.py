"""Who may do what: one place for the permission rules, used alike by pages and the API.

Roles are Django groups: `secretariat` (manages meetings, inscribes any delegation, runs the floor)
and `chair` (runs the floor). A delegation's focal points inscribe and withdraw for it.
"""

from typing import Any

SECRETARIAT = "secretariat"
CHAIR = "chair"


def _in_group(user: Any, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_hemicycle_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._hemicycle_groups = cache
    return name in cache


def is_secretariat(user: Any) -> bool:
    return _in_group(user, SECRETARIAT)


def can_run_floor(user: Any) -> bool:
    return is_secretariat(user) or _in_group(user, CHAIR)


def delegations_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.focal_points.values_list("delegation__code", flat=True))


def can_speak_for(user: Any, delegation_code: str) -> bool:
    return is_secretariat(user) or delegation_code in delegations_of(user)


def role_of(user: Any) -> str:
    if is_secretariat(user):
        return SECRETARIAT
    if can_run_floor(user):
        return CHAIR
    if delegations_of(user):
        return "focal_point"
    return "public"
