"""The meeting's Atom feed: its announcements (meetings/feeds.py) and the signed checkpoints of its
log, so that a delegation's feed reader keeps every checkpoint the server published."""

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from hemicycle.meetings.feeds import AnnouncementsFeed
from hemicycle.meetings.models import Meeting
from hemicycle.proceedings import checkpoints
from hemicycle.proceedings.models import Checkpoint

LATEST = 20  # the checkpoints in the feed, newest first


class MeetingFeed(AnnouncementsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Meeting:  # type: ignore[override]
        meeting = super().get_object(request, slug)
        checkpoints.for_publication(meeting)  # the feed publishes the head too
        return meeting

    def items(self, meeting: Meeting) -> Any:
        signed = list(
            Checkpoint.objects.filter(meeting=meeting)
            .select_related("meeting")
            .order_by("-seq")[:LATEST]
        )
        both = [*super().items(meeting), *signed]
        return sorted(both, key=self.item_pubdate, reverse=True)

    def item_title(self, item: Any) -> str:
        if isinstance(item, Checkpoint):
            return _("Signed checkpoint of the log: event %(seq)s") % {"seq": item.seq}
        return super().item_title(item)

    def item_description(self, item: Any) -> str:
        if isinstance(item, Checkpoint):
            return json.dumps(checkpoints.as_json(item))
        return super().item_description(item)

    def item_link(self, item: Any) -> str:
        if isinstance(item, Checkpoint):
            return f"/api/v1/meetings/{item.meeting.slug}/checkpoints"
        return super().item_link(item)

    def item_guid(self, item: Any) -> str:
        if isinstance(item, Checkpoint):
            return f"hemicycle:{item.meeting.slug}:checkpoint:{item.seq}:{item.hash}"
        return self.item_link(item)

    def item_guid_is_permalink(self, item: Any) -> bool:
        return not isinstance(item, Checkpoint)

    def item_pubdate(self, item: Any) -> datetime:
        if isinstance(item, Checkpoint):
            return item.at
        return super().item_pubdate(item)

    def item_updateddate(self, item: Any) -> datetime:
        if isinstance(item, Checkpoint):
            return item.at
        return super().item_updateddate(item)
