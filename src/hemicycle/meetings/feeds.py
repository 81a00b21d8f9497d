"""The Atom feed of a meeting's announcements: "updated information … will be available on the website"."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hemicycle.meetings.models import Announcement, Meeting, meeting_or_404


class AnnouncementsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Meeting:  # type: ignore[override]
        return meeting_or_404(slug, request.user)

    def title(self, meeting: Meeting) -> str:
        return _("Announcements: %(meeting)s") % {"meeting": meeting}

    def subtitle(self, meeting: Meeting) -> str:
        return meeting.title

    def link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def items(self, meeting: Meeting) -> Any:
        return meeting.announcements.all()[:50]

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return item.body

    def item_link(self, item: Announcement) -> str:
        return f"{item.meeting.get_absolute_url()}#announcement-{item.pk}"

    def item_pubdate(self, item: Announcement) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Announcement) -> datetime:
        return item.updated_at
