from django.contrib import admin

from hemicycle.inscription.models import Application, Statement


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Decisions are taken on the selection page, which inscribes and writes to the applicant."""

    list_display = ["organisation", "meeting", "ecosoc_status", "decision", "received_at"]
    list_filter = ["meeting", "decision", "ecosoc_status"]
    readonly_fields = ["decision", "decided_by", "decided_at", "delegation", "entry"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["meeting", "entry", "delegation", "filename", "kind", "size", "uploaded_at"]
    readonly_fields = ["sha256"]
