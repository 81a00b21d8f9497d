"""The Atom feed of a meeting's published statements: what anyone may read, newest first."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.outcome import publication
from hemicycle.outcome.models import Publication


class StatementsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Meeting:  # type: ignore[override]
        return meeting_or_404(slug, request.user)

    def title(self, meeting: Meeting) -> str:
        return _("Statements as delivered: %(meeting)s") % {"meeting": meeting}

    def link(self, meeting: Meeting) -> str:
        return reverse("statements", args=[meeting.slug])

    def items(self, meeting: Meeting) -> Any:
        # The feed is the public's whoever asks: a reader's session does not widen it.
        publication.sync(meeting)
        rows = Publication.objects.filter(meeting=meeting).select_related("statement")
        return publication.visible_to(AnonymousUser(), rows, meeting).order_by("-delivered_at")[
            :100
        ]

    def item_title(self, item: Publication) -> str:
        return f"{item.speech_number}. {item.delegation_name} ({item.language or '—'})"

    def item_description(self, item: Publication) -> str:
        return item.text[:2000]

    def item_link(self, item: Publication) -> str:
        return reverse("statement-file", args=[item.meeting.slug, item.pk])

    def item_pubdate(self, item: Publication) -> Any:
        return item.delivered_at
