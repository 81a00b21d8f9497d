"""`/api/v1/meetings…`: the secretariat sets up a meeting from a script, as from its pages: the
meeting and its programme's segments, created, changed and deleted, and the programme published
(its documents and announcements: documents_api.py). Each input goes through the pages' own form,
so a rule has one home (forms.py, programme.py, lifecycle.py); a refusal changes nothing."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Status

from hemicycle.accounts import roles
from hemicycle.accounts.auth import AUTH
from hemicycle.apikit import ERRORS, Input
from hemicycle.apikit.forms import refused
from hemicycle.meetings import lifecycle, programme
from hemicycle.meetings.api import (
    LocalTime,
    MeetingDetail,
    ProgrammeVersionOut,
    SegmentOut,
    Speaker,
    meeting_detail,
    router,
)
from hemicycle.meetings.forms import (
    LIMIT_KINDS,
    MeetingForm,
    ProgrammeFormSet,
    person_line,
    programme_data,
)
from hemicycle.meetings.models import Meeting, Segment, meeting_or_404

# The set-up joins the meetings' router: a path serves its reads and its writes together.
TAGS = ["set-up"]

Text = Field(default=None, max_length=300)
LongText = Field(default=None, max_length=20000)


def prepared(request: HttpRequest, slug: str) -> Meeting:
    """The meeting of `slug`, if the caller may set it up (a draft is 404 to anyone else)."""
    meeting = meeting_or_404(slug, request.auth)
    if not roles.can_prepare_meeting(request.auth, meeting):
        raise PermissionDenied(_("Only the secretariat prepares and convenes meetings."))
    return meeting


# The meeting


class MeetingChangesIn(Input):
    """The facts of a meeting; those left out keep their value (a new meeting: the defaults)."""

    slug: str | None = Field(default=None, max_length=60)
    title: str | None = Text
    short_title: str | None = Text
    body: str | None = Text
    convener: str | None = Text
    date: dt.date | None = None
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    timezone: str | None = Field(default=None, max_length=64, description="an IANA time zone")
    venue: str | None = Text
    location: str | None = Text
    languages: list[str] | None = Field(default=None, max_length=6)
    status: str | None = Field(
        default=None, max_length=20, description="draft or convened; the floor sets the rest"
    )
    policy: str | None = Field(default=None, max_length=20)
    overrun: str | None = Field(default=None, max_length=10)
    limits: dict[str, int] | None = Field(
        default=None, description='seconds by kind of speech, e.g. {"statement": 180}'
    )
    background: str | None = LongText
    purposes: str | None = LongText
    expected_outcomes: str | None = LongText


class MeetingIn(MeetingChangesIn):
    slug: str = Field(max_length=60)  # type: ignore[assignment]
    title: str = Field(max_length=300)  # type: ignore[assignment]
    date: dt.date  # type: ignore[assignment]


LIMIT_NAMES = {f"limit_{kind}": f"limits.{kind}" for kind, _label in LIMIT_KINDS}


def _meeting_form(meeting: Meeting | None, changes: dict[str, Any]) -> MeetingForm:
    """The meeting form filled with the meeting as it is (or a new one's defaults) and `changes`."""
    base = meeting or Meeting(status="draft")
    data: dict[str, Any] = {
        name: getattr(base, name) for name in MeetingForm._meta.fields or () if name != "languages"
    }
    data["languages"] = list(base.languages or [])
    limits = dict(base.limits or {})
    unknown = sorted(set(changes.get("limits") or {}) - {kind for kind, _label in LIMIT_KINDS})
    if unknown:
        raise refused(
            {f"limits.{kind}": [_("There is no kind of speech “%(kind)s”.") % {"kind": kind}] for kind in unknown}
        )  # fmt: skip
    limits.update(changes.pop("limits", None) or {})
    data.update({f"limit_{kind}": limits.get(kind) or "" for kind, _label in LIMIT_KINDS})
    data.update({name: "" if value is None else value for name, value in changes.items()})
    return MeetingForm(data, instance=meeting)


def _save_meeting(request: HttpRequest, form: MeetingForm) -> Meeting:
    if not form.is_valid():
        raise refused(form.errors, LIMIT_NAMES)
    return form.save_meeting(roles.actor_of(request.auth))


@router.post(
    "",
    tags=TAGS,
    response={201: MeetingDetail, **ERRORS},
    auth=AUTH,
    summary="Create a meeting (a draft unless `status` says convened)",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    if not roles.can_prepare_meeting(request.auth):
        raise PermissionDenied(_("Only the secretariat prepares and convenes meetings."))
    form = _meeting_form(None, payload.dict(exclude_none=True))
    return Status(201, meeting_detail(_save_meeting(request, form)))


@router.patch(
    "/{slug}",
    tags=TAGS,
    response={200: MeetingDetail, **ERRORS},
    auth=AUTH,
    summary="Change a meeting's facts, rules or stage (only the fields sent)",
)
def change_meeting(request: HttpRequest, slug: str, payload: MeetingChangesIn) -> Any:
    meeting = prepared(request, slug)
    if payload.status is not None:
        lifecycle.check_by_hand(meeting.status, payload.status)
    form = _meeting_form(meeting, payload.dict(exclude_none=True))
    return meeting_detail(_save_meeting(request, form))


@router.delete(
    "/{slug}",
    tags=TAGS,
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Delete a draft meeting (a convened one is kept: 409)",
)
def delete_meeting(request: HttpRequest, slug: str) -> Status:
    meeting = prepared(request, slug)
    lifecycle.check_delete(meeting)
    meeting.delete()
    return Status(204, None)


# The programme


class SegmentChangesIn(Input):
    """A segment of the programme; the fields left out keep their value."""

    kind: str | None = Field(default=None, max_length=20, description="opening, panel, dialogue, break or closing")  # fmt: skip
    title: str | None = Text
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    chair: str | None = Field(default=None, max_length=200)
    moderator: str | None = Field(default=None, max_length=200)
    limit_s: int | None = Field(default=None, ge=10, le=3600, description="statements' limit here")
    note: str | None = LongText
    themes: list[str] | None = Field(default=None, max_length=50)
    speakers: list[Speaker] | None = Field(default=None, max_length=100)


class SegmentIn(SegmentChangesIn):
    kind: str = Field(max_length=20, description="opening, panel, dialogue, break or closing")  # type: ignore[assignment]
    title: str = Field(max_length=300)  # type: ignore[assignment]
    starts: LocalTime  # type: ignore[assignment]
    ends: LocalTime  # type: ignore[assignment]


def _segment_fields(payload: SegmentChangesIn) -> dict[str, Any]:
    """The fields sent, as the programme editor's form names them."""
    fields = payload.dict(exclude_none=True, exclude={"themes", "speakers"})
    if payload.themes is not None:
        fields["themes_text"] = "\n".join(payload.themes)
    if payload.speakers is not None:
        fields["speakers_text"] = "\n".join(
            person_line(person.dict()) for person in payload.speakers
        )
    return fields


SEGMENT_NAMES = {"themes_text": "themes", "speakers_text": "speakers"}


def _save_programme(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> list[Segment]:
    """Check and save the programme as the editor does; 422 with the editor's words if refused."""
    formset = ProgrammeFormSet(
        data, meeting=meeting, inscribed=programme.inscribed_in(meeting), prefix="segments"
    )
    if not formset.is_valid():
        errors: dict[str, list[str]] = {}
        for form in formset.forms:
            where = form.instance.key if form.instance.pk else "new"
            for field, messages in form.errors.items():
                name = SEGMENT_NAMES.get(field, field)
                errors[f"segments.{where}.{name}" if field != "__all__" else "__all__"] = messages
        if formset.non_form_errors():
            errors.setdefault("__all__", []).extend(formset.non_form_errors())
        raise refused(errors)
    return formset.save_programme(roles.actor_of(request.auth))


def _segment(meeting: Meeting, key: str) -> Segment:
    found = meeting.segments.filter(key=key).first()
    if found is None:
        raise Http404(_("The programme of this meeting has no segment “%(key)s”.") % {"key": key})
    return found


@router.get(
    "/{slug}/segments",
    tags=TAGS,
    response={200: list[SegmentOut], **ERRORS},
    auth=AUTH,
    summary="The working programme, with the changes not yet published (the secretariat's)",
)
def working_programme(request: HttpRequest, slug: str) -> list[Segment]:
    return list(prepared(request, slug).segments.all())


@router.post(
    "/{slug}/segments",
    tags=TAGS,
    response={201: SegmentOut, **ERRORS},
    auth=AUTH,
    summary="Add a segment to the programme (published with the next version)",
)
def add_segment(request: HttpRequest, slug: str, payload: SegmentIn) -> Status:
    meeting = prepared(request, slug)
    before = set(meeting.segments.values_list("key", flat=True))
    saved = _save_programme(
        request, meeting, programme_data(meeting, added=_segment_fields(payload))
    )
    added = next(s for s in saved if s.key not in before)
    return Status(201, _segment(meeting, added.key))


@router.patch(
    "/{slug}/segments/{key}",
    tags=TAGS,
    response={200: SegmentOut, **ERRORS},
    auth=AUTH,
    summary="Change a segment of the programme (only the fields sent)",
)
def change_segment(request: HttpRequest, slug: str, key: str, payload: SegmentChangesIn) -> Any:
    meeting = prepared(request, slug)
    _segment(meeting, key)
    data = programme_data(meeting, changes={key: _segment_fields(payload)})
    _save_programme(request, meeting, data)
    return _segment(meeting, key)


@router.delete(
    "/{slug}/segments/{key}",
    tags=TAGS,
    response={200: list[SegmentOut], **ERRORS},
    auth=AUTH,
    summary="Remove a segment from the programme; answers the programme that remains",
)
def remove_segment(request: HttpRequest, slug: str, key: str) -> list[Segment]:
    meeting = prepared(request, slug)
    _segment(meeting, key)
    _save_programme(request, meeting, programme_data(meeting, removed=key))
    return list(meeting.segments.all())


class PublicationIn(Input):
    final: bool = Field(default=False, description="publish as final (else tentative)")


@router.post(
    "/{slug}/programme/versions",
    tags=TAGS,
    response={201: ProgrammeVersionOut, **ERRORS},
    auth=AUTH,
    summary="Publish the programme as it now stands, as a new version",
)
def publish_programme(request: HttpRequest, slug: str, payload: PublicationIn) -> Status:
    meeting = prepared(request, slug)
    return Status(201, programme.publish(meeting, final=payload.final))
