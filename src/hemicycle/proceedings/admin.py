from django.contrib import admin

from hemicycle.proceedings.models import Checkpoint, FloorEvent


@admin.register(FloorEvent)
class FloorEventAdmin(admin.ModelAdmin):
    """The log is append-only: it can be read here, never changed (commands go through the API)."""

    list_display = ["meeting", "seq", "type", "at", "actor"]
    list_filter = ["meeting", "type"]
    search_fields = ["type", "actor"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    """Signed checkpoints of the log's head: read only, as the log (proceedings/checkpoints.py)."""

    list_display = ["meeting", "seq", "at", "key_id", "reason"]
    list_filter = ["meeting", "reason"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
