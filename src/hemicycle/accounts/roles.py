"""Who may do what: one place for the permission rules, used alike by pages and the API.

The secretariat is a Django group (`secretariat`): it manages meetings, accounts and the inscription,
inscribes any delegation at any time, runs every floor and appoints everyone else. A meeting's
officers (`Officer`) hold their office in that meeting only: its presiding officers (the role
`chair`) and its secretaries run its floor and close its list, and nothing of another meeting's. A
delegation's focal points inscribe, update and withdraw for it; those marked mission administrators
also invite and revoke its other focal points; a focal point of a civil-society organisation is the
role `civil_society`. Everyone else is `public` (reads, applies as civil society). `MATRIX` at the
end lists every write and the roles that may do it.

The checks that concern one meeting take it (`meeting`: any object with a `pk`, so that this module
needs no meeting model).
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

SECRETARIAT = "secretariat"
CHAIR = "chair"
PRESIDING = "presiding"  # the offices of `Officer.office`
SECRETARY_OFFICE = "secretary"


def reference(role: str, delegation: str = "", account: int | None = None) -> str:
    """An actor as the records name one: the role acted in, the delegation spoken for, the account
    number (`secretariat#7`, `chair#3`, `focal_point:FRA#42`; `focal_point:FRA` for a request
    replayed from a document). Opaque and stable: no name, no e-mail address."""
    where = f":{delegation}" if delegation else ""
    number = f"#{account}" if account else ""
    return f"{role}{where}{number}"


def actor_of(user: Any, delegation: str = "") -> str:
    """Who a user is in what Hemicycle records of their actions (the log's `actor`, `decided_by`,
    `uploaded_by`): a `reference`, never the account's name or e-mail address, which live only in
    the accounts table and can be erased without breaking the log (docs/receipts.md).
    `delegation`: the delegation the user acts for, if any."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    if is_secretariat(user):
        return reference(SECRETARIAT, "", user.pk)
    if delegation and delegation in delegations_of(user):
        # A delegation's own request: no look-up beyond what the writer's batch has read already
        # (the code says whether the delegation is a State or an organisation).
        return reference(FOCAL_POINT, delegation, user.pk)
    return reference(role_of(user), "", user.pk)


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


def _offices(user: Any) -> dict[int, str]:
    """The user's office in each meeting where they hold one: {meeting pk: office}."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cache = getattr(user, "_hemicycle_offices", None)
    if cache is None:
        cache = dict(user.offices.values_list("meeting_id", "office"))
        user._hemicycle_offices = cache
    return cache


def presides(user: Any, meeting: Any = None) -> bool:
    """Whether `user` is a presiding officer of `meeting` (of any meeting, if None)."""
    offices = _offices(user)
    if meeting is None:
        return PRESIDING in offices.values()
    return offices.get(meeting.pk) == PRESIDING


def is_secretary_of(user: Any, meeting: Any = None) -> bool:
    """Whether `user` is a secretary of `meeting` (of any meeting, if None)."""
    offices = _offices(user)
    if meeting is None:
        return SECRETARY_OFFICE in offices.values()
    return offices.get(meeting.pk) == SECRETARY_OFFICE


def can_run_floor(user: Any, meeting: Any = None) -> bool:
    """The secretariat anywhere; a meeting's presiding officers and secretaries in that meeting
    (with no meeting: in any)."""
    if is_secretariat(user):
        return True
    offices = _offices(user)
    return bool(offices) if meeting is None else meeting.pk in offices


def delegations_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    prefetched = getattr(user, "_hemicycle_delegations", None)  # by `prefetch`, for one group
    if prefetched is not None:
        return set(prefetched)
    return set(user.focal_points.values_list("delegation__code", flat=True))


def administered_by(user: Any) -> set[str]:
    """The delegations whose focal points `user` administers (a mission administrator's)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    prefetched = getattr(user, "_hemicycle_administers", None)
    if prefetched is not None:
        return set(prefetched)
    return set(
        user.focal_points.filter(administers=True).values_list("delegation__code", flat=True)
    )


def prefetch(users: Iterable[Any]) -> None:
    """Look up the groups, delegations and offices of many accounts at once (three queries), for
    the checks above to find on each account (the inscription's writer does so for a whole
    group)."""
    from django.contrib.auth.models import User

    from hemicycle.accounts.models import FocalPoint, Officer

    by_pk = {user.pk: user for user in users}
    groups: dict[int, set[str]] = {pk: set() for pk in by_pk}
    codes: dict[int, set[str]] = {pk: set() for pk in by_pk}
    administers: dict[int, set[str]] = {pk: set() for pk in by_pk}
    offices: dict[int, dict[int, str]] = {pk: {} for pk in by_pk}
    memberships = User.groups.through.objects.filter(user_id__in=by_pk)
    for user_id, name in memberships.values_list("user_id", "group__name"):
        groups[user_id].add(name)
    for user_id, code, administrator in FocalPoint.objects.filter(user_id__in=by_pk).values_list(
        "user_id", "delegation__code", "administers"
    ):
        codes[user_id].add(code)
        if administrator:
            administers[user_id].add(code)
    for user_id, meeting_id, office in Officer.objects.filter(user_id__in=by_pk).values_list(
        "user_id", "meeting_id", "office"
    ):
        offices[user_id][meeting_id] = office
    for pk, user in by_pk.items():
        user._hemicycle_groups = groups[pk]
        user._hemicycle_delegations = codes[pk]
        user._hemicycle_administers = administers[pk]
        user._hemicycle_offices = offices[pk]


def can_speak_for(user: Any, delegation_code: str) -> bool:
    return is_secretariat(user) or delegation_code in delegations_of(user)


def role_of(user: Any) -> str:
    """The one role a person acts in (the highest they hold): their page's label and the role of
    their `reference`. A mission administrator acts as the focal point they also are."""
    if is_secretariat(user):
        return SECRETARIAT
    if presides(user):
        return CHAIR
    if is_secretary_of(user):
        return SECRETARY
    if delegations_of(user):
        return CIVIL_SOCIETY if is_civil_society(user) else FOCAL_POINT
    return PUBLIC


SECRETARY = "secretary"  # a secretary of the meeting in question
CHAIR_ELSEWHERE = "chair_elsewhere"  # a presiding officer of another meeting, not this one
MISSION_ADMIN = "mission_admin"  # a focal point who administers the delegation's focal points
CIVIL_SOCIETY = "civil_society"
FOCAL_POINT = "focal_point"
PUBLIC = "public"  # signed in, with no role
ANONYMOUS = "anonymous"  # not signed in

LABELS = {
    SECRETARIAT: _("Secretariat"),
    CHAIR: _("Presiding officer"),
    SECRETARY: _("Secretary of a meeting"),
    FOCAL_POINT: _("Focal point of a delegation"),
    CIVIL_SOCIETY: _("Civil society organisation"),
    PUBLIC: _("Public (no role)"),
}


def is_civil_society(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.focal_points.filter(delegation__category="civil_society").exists())


def can_manage_accounts(user: Any) -> bool:
    """Invite focal points of any delegation, see who speaks for which delegation."""
    return is_secretariat(user)


def can_manage_focal_points(user: Any, delegation_code: str | None = None) -> bool:
    """Invite and revoke the focal points of `delegation_code` (of some delegation, if None): the
    secretariat for every delegation, a mission administrator for their own."""
    if is_secretariat(user):
        return True
    mine = administered_by(user)
    return bool(mine) if delegation_code is None else delegation_code in mine


def can_manage_staff(user: Any, meeting: Any = None) -> bool:
    """Assign and revoke a meeting's officers, appoint and revoke the secretariat, name mission
    administrators, import focal points in bulk."""
    return is_secretariat(user)


def can_read_audit(user: Any) -> bool:
    """The audit trail: who changed what outside the floor's log."""
    return is_secretariat(user)


def can_prepare_meeting(user: Any, meeting: Any = None) -> bool:
    """Create, change and delete a meeting, its programme, documents and announcements; see it
    while it is a draft (a draft is nobody else's: no public page, no API answer, no stream)."""
    return is_secretariat(user)


def sees_draft(user: Any, meeting: Any) -> bool:
    """A draft is seen by its secretariat only: whoever prepares it and the meeting's own
    secretaries (not yet its presiding officers, nor anyone else)."""
    return can_prepare_meeting(user, meeting) or is_secretary_of(user, meeting)


def drafts_seen_by(user: Any) -> set[int] | None:
    """The drafts `user` may see listed: every one (None), or those of which they are a secretary."""
    if can_prepare_meeting(user):
        return None
    return {pk for pk, office in _offices(user).items() if office == SECRETARY_OFFICE}


def can_manage_requests(user: Any, meeting: Any = None) -> bool:
    """See every request to speak of a meeting with why it stands where it does; withdraw,
    correct or move any of them."""
    return is_secretariat(user)


def can_manage_inscription(user: Any) -> bool:
    """Set the inscription window, select civil society, inscribe any delegation at any time."""
    return is_secretariat(user)


def can_close_list(user: Any, meeting: Any = None) -> bool:
    """Close or reopen the list of speakers (the floor's `close_list` / `open_list`)."""
    return can_run_floor(user, meeting)


def can_read_statement(user: Any, delegation_code: str, meeting: Any = None) -> bool:
    """The statement file: the secretariat and the chair (and so the interpreters' service through
    them), and the delegation's own focal points."""
    return can_run_floor(user, meeting) or can_speak_for(user, delegation_code)


def can_edit_outcome(user: Any, meeting: Any = None) -> bool:
    """Withhold or release a delivered statement, tag speeches with themes, pick quotes, edit and
    export the chair's summary, set the webcast's link."""
    return is_secretariat(user)


# Every write, and who may do it: documentation and the test of the permission matrix both read it.
# `chair` and `secretary` are the officers of the meeting written to; `chair_elsewhere` presides
# over another meeting only.
_FOCAL = {SECRETARIAT, FOCAL_POINT, MISSION_ADMIN, CIVIL_SOCIETY}
_SIGNED_IN = {SECRETARIAT, CHAIR, SECRETARY, CHAIR_ELSEWHERE, MISSION_ADMIN, FOCAL_POINT}
_SIGNED_IN |= {CIVIL_SOCIETY, PUBLIC}
MATRIX: dict[str, frozenset[str]] = {
    "inscribe own delegation": frozenset(_FOCAL),
    "inscribe any delegation": frozenset({SECRETARIAT}),
    "update or withdraw own request": frozenset(_FOCAL),
    "upload statement": frozenset(_FOCAL),
    "read statement": frozenset(_FOCAL | {CHAIR, SECRETARY}),
    "run the floor, move, close the list": frozenset({SECRETARIAT, CHAIR, SECRETARY}),
    "set the inscription window": frozenset({SECRETARIAT}),
    "withhold a statement, tag themes, edit the summary": frozenset({SECRETARIAT}),
    "set up meetings (programme, documents, announcements)": frozenset({SECRETARIAT}),
    "withdraw, correct or move any request": frozenset({SECRETARIAT}),
    "select civil society": frozenset({SECRETARIAT}),
    "invite focal points": frozenset({SECRETARIAT}),
    "invite or revoke own delegation's focal points": frozenset({SECRETARIAT, MISSION_ADMIN}),
    "import focal points from CSV": frozenset({SECRETARIAT}),
    "name a mission administrator": frozenset({SECRETARIAT}),
    "assign or revoke a meeting's officers": frozenset({SECRETARIAT}),
    "appoint or revoke the secretariat": frozenset({SECRETARIAT}),
    "read the audit trail": frozenset({SECRETARIAT}),
    "apply as civil society": frozenset(_SIGNED_IN | {ANONYMOUS}),
    "own API tokens": frozenset(_SIGNED_IN),
}
