"""Civil society: the secretariat selects among applications; a selected organisation becomes a
delegation (category civil society), its contact a focal point with an invitation, and it is
inscribed by the meeting's policy (last, under UN practice)."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hemicycle.accounts import invitations, roles
from hemicycle.accounts.models import FocalPoint
from hemicycle.delegations.models import Category, Delegation
from hemicycle.inscription import notices, requests
from hemicycle.inscription.models import Application
from hemicycle.meetings.models import Meeting


def _delegation_for(application: Application) -> Delegation:
    if application.delegation is not None:
        return application.delegation
    found, _created = Delegation.objects.get_or_create(
        code=f"CSO-{application.pk}",
        defaults={"name": application.organisation[:200], "category": Category.CIVIL_SOCIETY},
    )
    return found


def select(meeting: Meeting, application: Application, by: Any) -> Application:
    """Inscribe the organisation, give its contact an account, and tell them."""
    with transaction.atomic():
        delegation = _delegation_for(application)
        contact = invitations.account_for(application.contact_email, application.contact_name)
        FocalPoint.objects.get_or_create(user=contact, delegation=delegation)
        inscribed = requests.request_to_speak(
            meeting,
            by,
            {
                "delegation": delegation.code,
                "speaker": application.speaker or application.contact_name,
                "title": application.organisation,
                "kind": "statement",
            },
        )
        application.delegation = delegation
        application.entry = inscribed.receipt.seq
        application.decision = Application.Decision.SELECTED
        application.decided_by = roles.actor_of(by)
        application.decided_at = timezone.now()
        application.save()
    link = (
        invitations.site_url(reverse("me"))
        if contact.has_usable_password()
        else invitations.link(contact)
    )
    notices.send_decision(meeting, application, link)
    return application


def decline(meeting: Meeting, application: Application, by: Any) -> Application:
    application.decision = Application.Decision.DECLINED
    application.decided_by = roles.actor_of(by)
    application.decided_at = timezone.now()
    application.save()
    notices.send_decision(meeting, application, "")
    return application
