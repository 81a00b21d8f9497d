from django.contrib import admin

from hemicycle.delegations.models import Delegation


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "regional_group"]
    list_filter = ["category", "regional_group"]
    search_fields = ["code", "name"]
