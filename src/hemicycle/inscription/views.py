"""The inscription's pages: a delegation's requests, the secretariat's window and civil-society
selection, the public receipt check and the published provisional list (page, CSV, PDF)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hemicycle import floor
from hemicycle.accounts import roles, throttle
from hemicycle.apikit import refusal_text
from hemicycle.delegations import groups
from hemicycle.delegations.models import Delegation
from hemicycle.inscription import applications, published, receipts, requests, statements, window
from hemicycle.inscription.forms import ApplicationForm, RequestForm, StatementForm, WindowForm
from hemicycle.inscription.models import Application
from hemicycle.meetings.models import Meeting, meeting_or_404
from hemicycle.proceedings import actions, checkpoints, labels, snapshot, store
from hemicycle.proceedings.models import FloorEvent


def _delegation_choices(user: Any) -> list[tuple[str, str]]:
    if roles.can_manage_inscription(user):
        found = Delegation.objects.all()
    else:
        found = Delegation.objects.filter(code__in=roles.delegations_of(user))
    return [(d.code, d.localized_name()) for d in found]


def _own_entries(meeting: Meeting, state: floor.FloorState, user: Any) -> list[dict[str, Any]]:
    """The caller's delegations' active requests, with receipt and statement."""
    codes = roles.delegations_of(user)
    rows = []
    for entry in state.entries.values():
        if entry.delegation not in codes or entry.status == floor.Status.WITHDRAWN:
            continue
        row = FloorEvent.objects.filter(meeting=meeting, seq=entry.id).first()
        rows.append(
            {
                **snapshot.entry_json(entry, state),
                "receipt": receipts.of_inscription(meeting, row, state) if row else None,
                "received": window.local_time(meeting, entry.received_at, "d MMMM y, HH:mm:ss.SSS"),
                "statement": statements.of(meeting, entry.id),
            }
        )
    return rows


def _run(request: HttpRequest, command: Any) -> Any:
    """Run a command for a page; a refusal becomes an error message on the page."""
    try:
        return command()
    except floor.FloorError as refused:
        messages.error(request, refusal_text(refused))
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    return None


@login_required
def inscription(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    user = request.user
    secretariat = roles.can_manage_inscription(user)
    can_close = roles.can_close_list(user, meeting)
    if not secretariat and not roles.delegations_of(user) and not can_close:
        raise PermissionDenied(_("This page is for delegations' focal points and the secretariat."))
    choices = _delegation_choices(user)
    form = RequestForm(meeting=meeting, delegations=choices)
    window_form = WindowForm(meeting=meeting, initial=_window_initial(meeting))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "request":
            form = RequestForm(request.POST, request.FILES, meeting=meeting, delegations=choices)
            if form.is_valid() and _request(request, meeting, form):
                return redirect("inscription:inscription", slug)
        elif action == "window":
            window_form = WindowForm(request.POST, meeting=meeting)
            if _set_window(request, meeting, window_form):
                return redirect("inscription:inscription", slug)
        else:
            _act(request, meeting, action)
            return redirect("inscription:inscription", slug)
    state = store.state_of(meeting)
    status = window.status(meeting, state, timezone.now())
    return render(
        request,
        "inscription/inscription.html",
        {
            "meeting": meeting,
            "form": form,
            "window_form": window_form,
            "statement_form": StatementForm(),
            "statement_languages": [
                (code, labels.LANGUAGES[code]) for code in statements.LANGUAGES
            ],
            "window": window.describe(meeting, status),
            "list_open": state.list_open,
            "own": _own_entries(meeting, state, user),
            # A focal point sees the form while one of its delegations has no active request.
            "may_request": secretariat
            or any(floor.active_entry_of(state, code) is None for code, _name in choices),
            "secretariat": secretariat,
            "can_close": can_close,
            "labels": labels.as_dict(),
            "known_groups": groups.groups(),
            "pending": meeting.applications.filter(decision=Application.Decision.PENDING).count(),
        },
        status=200 if not form.errors and not window_form.errors else 422,
    )


def _window_initial(meeting: Meeting) -> dict[str, Any]:
    found = window.window_of(meeting)
    if found is None:
        return {}
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "opens": found.opens_at.astimezone(meeting.tz).strftime(fmt),
        "closes": found.closes_at.astimezone(meeting.tz).strftime(fmt) if found.closes_at else "",
    }


def _request(request: HttpRequest, meeting: Meeting, form: RequestForm) -> bool:
    inscribed = _run(
        request, lambda: requests.request_to_speak(meeting, request.user, form.fields_for_floor())
    )
    if inscribed is None:
        return False
    receipt = inscribed.receipt
    upload = form.cleaned_data.get("file")
    if upload:
        statements.keep(
            meeting,
            receipt.seq,
            form.cleaned_data["delegation"],
            upload,
            roles.actor_of(request.user, form.cleaned_data["delegation"]),
        )
    messages.success(
        request,
        _("Your request to speak is received: position %(position)s on the list.")
        % {"position": receipt.position},
    )
    return True


def _set_window(request: HttpRequest, meeting: Meeting, form: WindowForm) -> bool:
    if not roles.can_manage_inscription(request.user):
        raise PermissionDenied(_("Only the secretariat sets the inscription window."))
    if not form.is_valid():
        return False
    opens, closes = form.cleaned_data["opens"], form.cleaned_data["closes"]
    if (
        _run(
            request,
            lambda: window.set_window(meeting, opens, closes, actor=roles.actor_of(request.user)),
        )
        is None
    ):
        return False
    messages.success(request, _("The inscription window is set."))
    return True


def _entry(request: HttpRequest) -> int:
    """The request the form names: a seq in plain digits, or a 400 (a hand-made form)."""
    raw = request.POST.get("entry") or "0"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise BadRequest(_("Choose a request from the list."))
    return int(raw)


def _act(request: HttpRequest, meeting: Meeting, action: str) -> None:
    user = request.user
    entry = _entry(request)
    if action == "withdraw":
        if _run(request, lambda: requests.withdraw(meeting, user, entry)):
            messages.success(request, _("The request is withdrawn."))
    elif action == "update":
        changes = {
            "speaker": request.POST.get("speaker", "").strip()[:200],
            "level": request.POST.get("level", ""),
        }
        changes = {k: v for k, v in changes.items() if v}
        if _run(request, lambda: requests.update_request(meeting, user, entry, changes)):
            messages.success(request, _("The request is changed."))
    elif action == "statement":
        _statement(request, meeting, entry)
    elif action in ("close_list", "open_list"):
        if _run(request, lambda: actions.floor_command(meeting, user, action, {})):
            messages.success(
                request,
                _("The list of speakers is closed.")
                if action == "close_list"
                else _("The list of speakers is open."),
            )
    else:
        messages.error(request, _("Unknown action."))


def _statement(request: HttpRequest, meeting: Meeting, entry_id: int) -> None:
    entry = store.state_of(meeting).entries.get(entry_id)
    if entry is None or not roles.can_speak_for(request.user, entry.delegation):
        raise PermissionDenied(
            _("Only the delegation's focal points or the secretariat may upload its statement.")
        )
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return
    try:
        statements.keep(
            meeting,
            entry_id,
            entry.delegation,
            form.cleaned_data["file"],
            roles.actor_of(request.user),
            language=form.cleaned_data["language"],
            publish=form.cleaned_data["publish"],
        )
    except floor.FloorError as refusal:
        messages.error(request, refusal_text(refusal))
        return
    messages.success(request, _("The statement is kept with the request."))


def receipt(request: HttpRequest, slug: str, seq: int, digest: str) -> HttpResponse:
    """Anyone may check a receipt: the request, its place when received, and where it stands now."""
    meeting = meeting_or_404(slug, request.user)
    found = receipts.verify(meeting, seq, digest, store.state_of(meeting))
    context = {
        "meeting": meeting,
        "found": found,
        "digest": digest,
        "received": window.local_time(meeting, found.receipt.received_at, "d MMMM y, HH:mm:ss.SSS")
        if found.receipt
        else "",
        "labels": labels.as_dict(),
    }
    return render(request, "inscription/receipt.html", context, status=200 if found.valid else 404)


def _published(
    request: HttpRequest, slug: str, *, signed: bool = True
) -> tuple[published.Published, str]:
    """The list as published now, with a signed checkpoint of the log (not in the page's fragment,
    which follows the list every few seconds: the checkpoint is the page's, above it)."""
    meeting = meeting_or_404(slug, request.user)
    state = store.state_of(meeting)
    checkpoint = checkpoints.for_publication(meeting) if signed else None
    found = published.build(
        meeting, state, timezone.now(), checkpoints.as_json(checkpoint) if checkpoint else None
    )
    return found, f'"{state.list_seq}-{found.status["phase"]}-{get_language()}"'


def published_list(request: HttpRequest, slug: str) -> HttpResponse:
    fragment = request.headers.get("HX-Request") == "true"
    found, etag = _published(request, slug, signed=not fragment)
    if fragment and request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    template = "inscription/list_table.html" if fragment else "inscription/list.html"
    response = render(request, template, {"published": found, "meeting": found.meeting})
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def published_csv(request: HttpRequest, slug: str) -> HttpResponse:
    found, _etag = _published(request, slug)
    response = HttpResponse(published.as_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-speakers.csv"'
    return response


def published_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    found, _etag = _published(request, slug)
    html = render_to_string(
        "inscription/list_pdf.html", {"published": found, "meeting": found.meeting}, request
    )
    response = HttpResponse(published.as_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-speakers.pdf"'
    return response


@throttle.limited("apply", "HEMICYCLE_APPLICATIONS_PER_HOUR", 3600)
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Civil society's application to speak: open to anyone, no account needed."""
    meeting = meeting_or_404(slug, request.user)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.meeting = meeting
        application.save()
        return render(
            request, "inscription/applied.html", {"meeting": meeting, "application": application}
        )
    return render(
        request,
        "inscription/apply.html",
        {"meeting": meeting, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def selection(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    if not roles.can_manage_inscription(request.user):
        raise PermissionDenied(_("Only the secretariat selects civil-society speakers."))
    if request.method == "POST":
        application = get_object_or_404(
            Application, meeting=meeting, pk=request.POST.get("application") or 0
        )
        if application.decision != Application.Decision.PENDING:
            messages.error(request, _("This application has already been decided."))
        elif request.POST.get("decision") == "select":
            if _run(request, lambda: applications.select(meeting, application, request.user)):
                messages.success(
                    request,
                    _("%(organisation)s is selected, inscribed and told by e-mail.")
                    % {"organisation": application.organisation},
                )
        elif request.POST.get("decision") == "decline":
            applications.decline(meeting, application, request.user)
            messages.success(
                request,
                _("%(organisation)s is told it was not selected.")
                % {"organisation": application.organisation},
            )
        else:
            raise Http404
        return redirect("inscription:selection", slug)
    state = store.state_of(meeting)
    rows = [
        {"application": a, "position": state.position(a.entry) if a.entry else None}
        for a in meeting.applications.all()
    ]
    return render(request, "inscription/selection.html", {"meeting": meeting, "rows": rows})
