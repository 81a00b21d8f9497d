from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "hemicycle.proceedings"
    verbose_name = _("Proceedings")

    def ready(self) -> None:
        from hemicycle.accounts import auth
        from hemicycle.meetings import programme
        from hemicycle.meetings.models import Meeting
        from hemicycle.meetings.signals import programme_changed
        from hemicycle.proceedings import store, writer

        def follow(sender: Any, meeting: Meeting, actor: str, **kwargs: Any) -> None:
            store.follow_programme(meeting, actor)

        programme_changed.connect(follow, sender=Meeting, weak=False, dispatch_uid="floor-follows")
        programme.count_inscribed_with(
            lambda meeting: programme.inscribed_for(store.state_of(meeting))
        )
        # A token's time of last use joins the writer's next batch rather than wait for the
        # database's write lock on its own in a rush (accounts/auth.py).
        auth.record_uses_with(lambda pk, at: writer.later(lambda: auth.mark_used([pk], at)))
