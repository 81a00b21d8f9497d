from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "hemicycle.proceedings"
    verbose_name = _("Proceedings")

    def ready(self) -> None:
        from hemicycle.accounts import auth
        from hemicycle.meetings import programme
        from hemicycle.meetings.models import Meeting, Status
        from hemicycle.meetings.signals import programme_changed
        from hemicycle.proceedings import checkpoints, store, writer

        def follow(sender: Any, meeting: Meeting, actor: str, **kwargs: Any) -> None:
            store.follow_programme(meeting, actor)
            if meeting.status == Status.CONCLUDED:  # the secretariat marked it so: sign the head
                transaction.on_commit(lambda: checkpoints.at_conclusion(meeting))

        programme_changed.connect(follow, sender=Meeting, weak=False, dispatch_uid="floor-follows")
        programme.count_inscribed_with(
            lambda meeting: programme.inscribed_for(store.state_of(meeting))
        )
        # A token's time of last use joins the writer's next batch rather than wait for the
        # database's write lock on its own in a rush (accounts/auth.py).
        auth.record_uses_with(lambda pk, at: writer.later(lambda: auth.mark_used([pk], at)))
