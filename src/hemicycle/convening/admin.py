from django.contrib import admin

from hemicycle.convening.models import Delivery, LetterTemplate, Mission


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["delegation", "representative", "honorific", "email"]
    search_fields = ["delegation__name", "representative", "email"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["meeting", "date", "subject"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["meeting", "delegation", "email", "sent_at"]
    list_filter = ["meeting"]
    readonly_fields = ["meeting", "delegation", "batch", "email", "message_id", "sent_at"]
