"""A meeting's life cycle: draft → convened → in progress → concluded.

The secretariat prepares a draft, which nobody else sees (models.shown_to), and convenes it; from
then on the floor moves it: "in progress" once a segment has started, "concluded" once the
programme's last segment has ended (the floor's command path calls `follow_floor`).
"""

from django.utils.translation import gettext as _

from hemicycle.meetings.models import Meeting, Status

ORDER = [Status.DRAFT, Status.CONVENED, Status.IN_PROGRESS, Status.CONCLUDED]
BY_HAND = (Status.DRAFT, Status.CONVENED)  # what the secretariat sets; the rest follows the floor


class LifeCycleError(Exception):
    """A change the meeting's stage forbids; the message says why and what to do."""


def status_of_floor(*, started: bool, finished: bool) -> Status:
    if finished:
        return Status.CONCLUDED
    return Status.IN_PROGRESS if started else Status.CONVENED


def follow_floor(meeting: Meeting, *, started: bool, finished: bool) -> None:
    """Move a convened meeting to the stage its floor has reached (inside the command's
    transaction); a draft stays a draft until the secretariat convenes it."""
    if meeting.status == Status.DRAFT:
        return
    status = status_of_floor(started=started, finished=finished)
    if status != meeting.status:
        Meeting.objects.filter(pk=meeting.pk).exclude(status=Status.DRAFT).update(status=status)
        meeting.status = status


def check_forward(old: str, new: str) -> None:
    if ORDER.index(Status(new)) < ORDER.index(Status(old)):
        raise LifeCycleError(
            _("A meeting moves forward only (draft → convened → in progress → concluded); it is already %(status)s.")
            % {"status": Status(old).label}
        )  # fmt: skip


def check_by_hand(old: str, new: str) -> None:
    """The secretariat sets a draft or convenes it; once the floor has started, it sets the rest."""
    if new != old and (old not in BY_HAND or new not in BY_HAND):
        raise LifeCycleError(
            _("The meeting is %(status)s: from the first segment on, its stage follows the floor (in progress, then concluded when the last segment ends).")
            % {"status": Status(old).label if old in Status.values else old}
        )  # fmt: skip


def check_delete(meeting: Meeting) -> None:
    """Only a draft may be deleted: once convened, its letters, list and record are kept."""
    if meeting.status != Status.DRAFT:
        raise LifeCycleError(
            _("“%(meeting)s” is %(status)s: a convened meeting is kept with its list and record; only a draft can be deleted.")
            % {"meeting": meeting, "status": Status(meeting.status).label}
        )  # fmt: skip
