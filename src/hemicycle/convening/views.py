"""The secretariat's letter page: the template, the batch with its progress bar, the outbox."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hemicycle.convening import batch as batches
from hemicycle.convening import outbox
from hemicycle.convening.forms import LetterTemplateForm
from hemicycle.convening.letters import (
    PLACEHOLDERS,
    TemplateError,
    addressees,
    default_template,
    letter_for,
)
from hemicycle.convening.models import Batch, LetterTemplate
from hemicycle.meetings.models import meeting_or_404
from hemicycle.meetings.secretariat import secretariat_only


@secretariat_only
def letters(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = meeting_or_404(slug, request.user)
    template = LetterTemplate.objects.filter(meeting=meeting).first() or default_template(meeting)
    action = request.POST.get("action", "")
    form = LetterTemplateForm(
        request.POST if action == "save" else None,
        request.FILES if action == "save" else None,
        instance=template,
    )
    website = request.build_absolute_uri(meeting.get_absolute_url())
    if action == "save" and form.is_valid():
        form.save()
        messages.success(request, _("The letter is saved."))
        return redirect("letters", meeting.slug)
    if action == "generate":
        try:
            batches.begin(meeting, request.user, website)
        except batches.NoTemplate as refused:
            messages.error(request, str(refused))
        return redirect("letters", meeting.slug)
    if action == "send":
        try:
            result = outbox.send(meeting, website)
        except (outbox.OutboxError, batches.NoTemplate) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("%(sent)s letters sent; %(already)s had been sent before and were not sent again; %(missing)s addressees have no e-mail address.")
                % {"sent": len(result.sent), "already": len(result.already), "missing": len(result.no_address)},
            )  # fmt: skip
        return redirect("letters", meeting.slug)
    batches.abandon_stalled(meeting)
    everyone = addressees()
    preview = None
    if template.pk and everyone:
        try:
            preview = letter_for(template, everyone[0], website)
        except TemplateError:
            preview = None
    return render(
        request,
        "convening/letters.html",
        {
            "meeting": meeting,
            "form": form,
            "tab": "letters",
            "saved": bool(template.pk),
            "placeholders": PLACEHOLDERS,
            "preview": preview,
            "addressees": everyone,
            "with_email": sum(1 for a in everyone if a.email),
            "batch": meeting.letter_batches.first(),
            "deliveries": meeting.deliveries.select_related("delegation").order_by(
                "-sent_at", "-pk"
            )[:300],
            "delivered": meeting.deliveries.count(),
        },
    )


@secretariat_only
def progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = get_object_or_404(Batch, meeting__slug=slug, pk=pk)
    batches.abandon_stalled(found.meeting)
    found.refresh_from_db()
    return render(request, "convening/progress.html", {"batch": found, "meeting": found.meeting})


@secretariat_only
def download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = get_object_or_404(Batch, meeting__slug=slug, pk=pk)
    archive = batches.zip_path(batches.folder_of(found))
    if not archive.exists():
        raise Http404(_("This batch has no archive yet: wait until it is done."))
    return FileResponse(
        archive.open("rb"),
        as_attachment=True,
        filename=f"letters-{slug}-{pk}.zip",
        content_type="application/zip",
    )
