"""The demo: the seed's meeting — the 2013 informal interactive dialogue on the Responsibility to
Protect — as data, with its programme, documents, about seventy requests to speak and three accounts
(the chair presides over this meeting only)."""

import json
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from hemicycle import floor
from hemicycle.accounts.models import FocalPoint, Office, Officer
from hemicycle.accounts.roles import FOCAL_POINT, SECRETARIAT, reference
from hemicycle.delegations.models import Category, Delegation
from hemicycle.meetings.models import (
    Announcement,
    Document,
    DocumentFile,
    Meeting,
    ProgrammeVersion,
    Segment,
)
from hemicycle.proceedings import actions, store

SLUG = "r2p-2013"
PASSWORD = "hemicycle"
DELEGATE_OF = "SVN"  # the demo focal point speaks for Slovenia
ACCOUNTS = {
    "secretariat": ("Secretariat officer", SECRETARIAT),
    "chair": ("Vice-President of the General Assembly", None),  # presides over the demo meeting
    "delegate": ("Focal point, Permanent Mission of Slovenia", None),
}


def seed() -> dict[str, Any]:
    text = resources.files("hemicycle.demo").joinpath("r2p-2013.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def accounts() -> None:
    for username, (name, group) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.first_name = name
            user.set_password(PASSWORD)
            user.save()
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    secretariat = User.objects.get(username="secretariat")
    secretariat.is_staff = True  # the administration holds the reference data (missions' addresses)
    secretariat.save(update_fields=["is_staff"])
    secretariat.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["meetings", "delegations", "accounts", "convening"]
        ).exclude(codename__startswith="delete_")
    )
    delegate = User.objects.get(username="delegate")
    FocalPoint.objects.get_or_create(
        user=delegate, delegation=Delegation.objects.get(code=DELEGATE_OF)
    )


def _time(value: str) -> time:
    return time.fromisoformat(value)


@transaction.atomic
def load(*, reset: bool = False, slug: str = SLUG, title_note: str = "") -> Meeting:
    """Create the demo meeting (or return it as it is, unless `reset`); under another `slug`, a
    copy of it (the finished day, demo/finished.py), its short title followed by `title_note`."""
    accounts()
    existing = Meeting.objects.filter(slug=slug).first()
    if existing and not reset:
        preside(existing)
        return existing
    if existing:
        existing.delete()
        store.forget_cache()
    data = seed()
    m = data["meeting"]
    meeting = Meeting.objects.create(
        slug=slug,
        title=m["title"],
        short_title=m.get("short_title", "") + title_note,
        body=m.get("body", ""),
        convener=m.get("convener", ""),
        date=date.fromisoformat(m["date"]),
        starts=_time(m["starts"]),
        ends=_time(m["ends"]),
        venue=m.get("venue", ""),
        location=m.get("location", ""),
        timezone=m["timezone"],
        languages=m.get("languages", []),
        policy=m.get("policy", "un_dialogue"),
        overrun=m.get("overrun", "soft"),
        limits=m.get("limits", {}),
        background=m.get("background", ""),
        purposes=m.get("purposes", ""),
        expected_outcomes=m.get("expected_outcomes", ""),
    )
    for order, s in enumerate(data["segments"]):
        Segment.objects.create(
            meeting=meeting,
            key=s["key"],
            order=order,
            kind=s["kind"],
            title=s["title"],
            starts=_time(s["starts"]),
            ends=_time(s["ends"]),
            chair=s.get("chair", ""),
            moderator=s.get("moderator", ""),
            themes=s.get("themes", []),
            speakers=s.get("speakers", []),
            note=s.get("note", ""),
        )
    _convening(meeting, data)
    for d in data["documents"]:
        document = Document.objects.create(
            meeting=meeting,
            symbol=d.get("symbol", ""),
            title=d["title"],
            date=date.fromisoformat(d["date"]) if d.get("date") else None,
            kind=d["kind"],
            advance_copy=d.get("advance_copy", False),
            url=d.get("url") or "",
            text=data.get("letter", "") if d["kind"] == "letter" else "",
        )
        if d.get("file"):
            _attach(document, d["file"])
    _inscribe(meeting, data["requests"])
    preside(meeting)
    return meeting


def preside(meeting: Meeting, username: str = "chair") -> Officer:
    """Make the demo's chair (or `username`) a presiding officer of `meeting`."""
    officer, _created = Officer.objects.get_or_create(
        meeting=meeting,
        user=User.objects.get(username=username),
        defaults={"office": Office.PRESIDING},
    )
    return officer


def _convening(meeting: Meeting, data: dict[str, Any]) -> None:
    """The seed's convening: the letter as a template, the missions it goes to, the programme's
    published versions (tentative, then final with the panellists named), the announcements."""
    from hemicycle.convening.letters import ADDRESSED
    from hemicycle.convening.models import LetterTemplate, Mission
    from hemicycle.meetings import programme

    t = data["letter_template"]
    LetterTemplate.objects.create(
        meeting=meeting,
        place=t["place"],
        date=date.fromisoformat(t["date"]),
        subject=t["subject"],
        body=t["body"],
        signature=t["signature"],
        office=t.get("office", ""),
        address=t.get("address", ""),
    )
    for delegation in Delegation.objects.filter(category__in=ADDRESSED):
        Mission.objects.get_or_create(
            delegation=delegation,
            defaults={"email": data["mission_email"].format(code=delegation.code.lower())},
        )
    final = programme.snapshot(meeting.segments.all())
    before: list[dict[str, Any]] = []
    for number, v in enumerate(data["programme_versions"], start=1):
        hidden = set(v.get("without_speakers", ()))
        segments = [{**s, "speakers": []} if s["key"] in hidden else s for s in final]
        ProgrammeVersion.objects.create(
            meeting=meeting,
            number=number,
            final=v["final"],
            published_at=datetime.fromisoformat(v["published"]),
            segments=segments,
            changes=programme.changes(before, segments) if before else [],
        )
        before = segments
    for a in data["announcements"]:
        Announcement.objects.create(
            meeting=meeting,
            title=a["title"],
            body=a["body"],
            published_at=datetime.fromisoformat(a["published"]),
        )


def _attach(document: Document, which: str) -> None:
    """A document's English file, generated from the meeting: the information note and programme,
    or the letter as addressed to all Permanent Representatives and Permanent Observers."""
    import hashlib

    from django.core.files.base import ContentFile

    from hemicycle.convening import render
    from hemicycle.convening.letters import Addressee, letter_for
    from hemicycle.meetings.uploads import ACCEPTED

    meeting = document.meeting
    if which == "note":
        content, name = render.note_docx(meeting), "information-note-and-programme.docx"
    else:
        everyone = Addressee(
            code="ALL",
            name="",
            category="",
            salutation_line="All Permanent Representatives and",
            representative="Permanent Observers to the United Nations",
            function="",
            email="",
        )
        content = render.letter_docx(letter_for(meeting.letter, everyone))
        name = "convening-letter.docx"
    stored = DocumentFile(
        document=document,
        language="en",
        name=name,
        content_type=ACCEPTED["docx"],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()


def _inscribe(meeting: Meeting, requests: list[dict[str, Any]]) -> None:
    """Replay the requests to speak as they were received, the list opening just before the first."""
    first = datetime.fromisoformat(requests[0]["received"])
    store.configure(meeting, now=first - timedelta(days=24))
    # The inscription window opened just before the first request and is still open, so that the
    # demo's focal point can inscribe, change and withdraw today; the list opened with it.
    opens = first - timedelta(seconds=1)
    store.execute(
        meeting,
        lambda state, now: floor.commands.set_window(state, now, opens_at=opens, closes_at=None),
        actor=reference(SECRETARIAT),
        now=opens - timedelta(days=1),
    )
    for item in requests:
        organisation = item.get("organisation")
        if organisation:
            Delegation.objects.get_or_create(
                code=item["delegation"],
                defaults={"name": organisation["name"], "category": Category.CIVIL_SOCIETY},
            )
        request = actions.build_request(item)
        store.execute(
            meeting,
            lambda state, now, request=request: floor.inscribe(state, request, now=now),
            actor=reference(FOCAL_POINT, request.delegation),
            now=datetime.fromisoformat(item["received"]),
        )
