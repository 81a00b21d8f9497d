from django.contrib import admin
from django.utils.translation import gettext as _

from hemicycle.accounts.models import ApiToken, FocalPoint


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "delegation"]
    search_fields = ["user__username", "delegation__name", "delegation__code"]
    autocomplete_fields = ["delegation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `hemicycle token`; here they are only seen and revoked, for good (the
    time of revocation cannot be edited, so a revocation cannot be undone)."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": queryset.revoke()})

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
