"""What the backup's commands take on their command line: a meeting, named by its short name."""

from django.core.management.base import CommandError

from hemicycle.meetings.models import Meeting


def meeting_named(slug: str) -> Meeting:
    """The meeting `slug`, or a CommandError that lists the meetings there are."""
    meeting = Meeting.objects.filter(slug=slug).first()
    if meeting is None:
        known = ", ".join(Meeting.objects.values_list("slug", flat=True)) or "none"
        raise CommandError(f"There is no meeting “{slug}”; meetings: {known}.")
    return meeting
