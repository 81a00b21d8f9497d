from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hemicycle.meetings.models import Announcement, Document, Meeting, ProgrammeVersion, Segment


class SegmentInline(admin.StackedInline):
    model = Segment
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["symbol", "title", "date", "kind", "advance_copy", "url"]


class AnnouncementInline(admin.StackedInline):
    model = Announcement
    extra = 0


class ProgrammeVersionInline(admin.TabularInline):
    model = ProgrammeVersion
    extra = 0
    fields = ["number", "final", "published_at"]
    readonly_fields = fields  # published versions are kept as they were
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are published from the programme editor


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "date", "venue", "status"]
    list_filter = ["status"]
    search_fields = ["slug", "title"]
    inlines = [SegmentInline, DocumentInline, AnnouncementInline, ProgrammeVersionInline]
