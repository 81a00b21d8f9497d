from django.contrib import admin

from hemicycle.meetings.models import Document, Meeting, Segment


class SegmentInline(admin.StackedInline):
    model = Segment
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["symbol", "title", "date", "kind", "advance_copy", "url"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "date", "venue", "status"]
    list_filter = ["status"]
    search_fields = ["slug", "title"]
    inlines = [SegmentInline, DocumentInline]
