"""The secretariat's requests page (`/manage/<slug>/requests/`): every request to speak of a meeting
with its status, level, group, language and why it stands where it does; filtered, searched, and
followed live. Withdraw, correct and move go through the command path (inscription/requests.py,
proceedings/actions.py), so each is in the floor's log with who did it."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.accounts import roles
from hemicycle.apikit import refusal_text
from hemicycle.floor.commands import KINDS
from hemicycle.inscription import requests
from hemicycle.inscription.forms import LANGUAGES
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import actions, labels, snapshot, store

STATUSES = {
    "": gettext_lazy("All"),
    "waiting": gettext_lazy("Waiting"),
    "speaking": gettext_lazy("Speaking"),
    "spoken": gettext_lazy("Spoken"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "pending": gettext_lazy("To confirm"),  # a declared level or group awaits the secretariat
}
ORDER = {"speaking": 0, "waiting": 1, "spoken": 2, "withdrawn": 3}


@dataclass(frozen=True)
class Filters:
    status: str = ""
    q: str = ""
    segment: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> "Filters":
        status = request.GET.get("status", "")
        return cls(
            status=status if status in STATUSES else "",
            q=request.GET.get("q", "").strip()[:100],
            segment=request.GET.get("segment", "")[:40],
        )

    def query(self) -> str:
        return urlencode({k: v for k, v in vars(self).items() if v})

    def keep(self, entry: dict[str, Any], names: dict[str, str]) -> bool:
        if self.status == "pending":
            if entry["declaration"] != "pending" or entry["status"] != "waiting":
                return False
        elif self.status and entry["status"] != self.status:
            return False
        if self.segment and entry["segment"] != self.segment:
            return False
        if not self.q:
            return True
        wanted = self.q.casefold()
        words = (
            entry["delegation"], entry["delegation_name"], names.get(entry["delegation"], ""),
            entry["speaker"], entry["on_behalf_of"], entry["language"],
        )  # fmt: skip
        return any(wanted in word.casefold() for word in words)


def rows(state: floor.FloorState, filters: Filters, names: dict[str, str]) -> list[dict[str, Any]]:
    """Every request of the list, the speaking and waiting ones first in their order, then those
    heard and those withdrawn, as the filters keep them."""
    found = [snapshot.entry_json(entry, state) for entry in state.entries.values()]
    found.sort(key=lambda e: (ORDER.get(e["status"], 4), e["position"] or 0, e["id"]))
    return [entry for entry in found if filters.keep(entry, names)]


def _allowed(request: HttpRequest, slug: str) -> Meeting:
    meeting = meeting_or_404(slug, request.user)
    if not roles.can_manage_requests(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat manages the requests to speak."))
    return meeting


@login_required
def requests_page(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _allowed(request, slug)
    filters = Filters.of(request)
    if request.method == "POST":
        _act(request, meeting)
        return redirect(f"{request.path}?{filters.query()}" if filters.query() else request.path)
    state = store.state_of(meeting)
    fragment = request.headers.get("HX-Request") == "true"
    etag = f'"{state.list_seq}-{get_language()}-{filters.query()}"'
    if fragment and request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    words = labels.as_dict()
    context = {
        "meeting": meeting,
        "tab": "requests",
        "rows": rows(state, filters, words["delegations"]),
        "total": len(state.entries),
        "filters": filters,
        "statuses": STATUSES,
        "segments": [(p.key, p.title) for p in state.config.segments if p.takes_floor],
        "levels": labels.LEVELS,
        "kinds": [(k, labels.KINDS[k]) for k in KINDS],
        "languages": LANGUAGES,
        "labels": words,
        "head": snapshot.head(meeting, state),
    }
    template = "inscription/requests_table.html" if fragment else "inscription/requests.html"
    response = render(request, template, context)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def _entry(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("entry") or 0)
    except ValueError:
        return 0


def _act(request: HttpRequest, meeting: Meeting) -> None:
    """One action on one request, through the command path; a refusal is the page's error."""
    user, action, entry = request.user, request.POST.get("action", ""), _entry(request)
    post = request.POST
    reason = post.get("reason", "").strip()[:500]
    if action in ("withdraw", "correct") and not reason:
        # The secretariat acts for a delegation here: it says why, and the log keeps it.
        messages.error(request, _("Say why; the reason is recorded with the change."))
        return
    try:
        if action == "withdraw":
            requests.withdraw(meeting, user, entry, reason)
            messages.success(request, _("The request is withdrawn."))
        elif action == "correct":
            changes = {
                name: post.get(name, "").strip()[:200]
                for name in ("speaker", "title", "level", "kind", "on_behalf_of", "language")
                if name in post
            }
            if "group_members" in post:
                changes["group_members"] = [
                    line.strip() for line in post["group_members"].splitlines() if line.strip()
                ][:200]
            requests.update_request(
                meeting, user, entry, _changed(meeting, entry, changes), reason=reason
            )
            messages.success(request, _("The request is corrected and placed again."))
        elif action == "confirm":
            requests.confirm_declaration(meeting, user, entry)
            messages.success(
                request, _("The declaration is confirmed; the request is placed by it.")
            )
        elif action == "move":
            position = post.get("position", "")
            actions.floor_command(
                meeting,
                user,
                "move",
                {"entry": entry, "position": int(position) if position.isdigit() else 0,
                 "reason": post.get("reason", "").strip()[:500]},
            )  # fmt: skip
            messages.success(request, _("The request is moved."))
        else:
            messages.error(request, _("Unknown action."))
    except floor.FloorError as refused:
        messages.error(request, refusal_text(refused))
    except PermissionDenied as refused:
        messages.error(request, str(refused))


def _changed(meeting: Meeting, entry_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that differ from the request as it is (the form sends them all)."""
    entry = store.state_of(meeting).entries.get(entry_id)
    if entry is None:
        return changes
    current = {
        "speaker": entry.speaker, "title": entry.title, "level": entry.level, "kind": entry.kind,
        "on_behalf_of": entry.on_behalf_of, "language": entry.language,
        "group_members": list(entry.group_members),
    }  # fmt: skip
    return {name: value for name, value in changes.items() if current.get(name) != value}
