from django.contrib import admin

from hemicycle.inscription.models import Application, Mail, Statement


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


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The delivery log of the inscription's e-mails: read only (the outbox writes it)."""

    list_display = ["kind", "key", "meeting", "queued_at", "sent_at", "attempts", "error"]
    list_filter = ["kind", "meeting"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
