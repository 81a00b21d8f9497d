from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveningConfig(AppConfig):
    name = "hemicycle.convening"
    verbose_name = _("Convening letters")
