from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomeConfig(AppConfig):
    name = "hemicycle.outcome"
    verbose_name = _("Outcome")
