"""The convening letter as text: its named placeholders, its addressees (every Permanent
Representative and Permanent Observer), and the letter for one addressee."""

import string
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemicycle.convening.models import Honorific, LetterTemplate, Mission
from hemicycle.delegations.models import Category, Delegation
from hemicycle.meetings.models import Meeting

ADDRESSED = (Category.MEMBER_STATE, Category.OBSERVER_STATE, Category.OBSERVER_ORG)

# name → what it stands for (shown next to the template editor)
PLACEHOLDERS = {
    "title": gettext_lazy("the meeting's title"),
    "body": gettext_lazy("the convening body"),
    "convener": gettext_lazy("who convenes it"),
    "weekday": gettext_lazy("the day of the week of the meeting"),
    "date": gettext_lazy("the meeting's date, e.g. 11 September 2013"),
    "starts": gettext_lazy("the time it starts, e.g. 10:00 a.m."),
    "ends": gettext_lazy("the time it ends, e.g. 6:00 p.m."),
    "timezone": gettext_lazy("the city of its time zone"),
    "venue": gettext_lazy("the room"),
    "location": gettext_lazy("the building and city"),
    "programme_status": gettext_lazy("tentative or final"),
    "website": gettext_lazy("the address of the meeting's public page"),
}
# The letters themselves are in English, the language of the seed's letter, whatever the reader's.


class TemplateError(ValueError):
    """A letter template that cannot be filled in; the message says what to fix."""


def placeholders_in(text: str) -> list[str]:
    try:
        return [
            name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None
        ]
    except ValueError:
        raise TemplateError(
            _(
                "A brace is not closed or not escaped; write placeholders as {date} and a literal brace as {{ or }}."
            )
        ) from None


def check_template(text: str) -> None:
    """Refuse a template with a placeholder we cannot fill."""
    names = placeholders_in(text)
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if "" in names or any(not n.isidentifier() for n in names if n):
        raise TemplateError(_("Every placeholder needs a name in braces, e.g. {date}."))
    if unknown:
        raise TemplateError(
            _("Unknown placeholder %(unknown)s: use only %(known)s.")
            % {
                "unknown": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            }
        )


def _time(meeting: Meeting, moment: object) -> str:
    return (
        str(format_time(moment, "h:mm a", locale="en")).replace("AM", "a.m.").replace("PM", "p.m.")
    )


def values(meeting: Meeting, website: str = "") -> dict[str, str]:
    final = meeting.versions.filter(final=True).exists()
    return {
        "title": meeting.title,
        "body": meeting.body,
        "convener": meeting.convener,
        "weekday": str(format_date(meeting.date, "EEEE", locale="en")),
        "date": long_date(meeting.date),
        "starts": _time(meeting, meeting.starts),
        "ends": _time(meeting, meeting.ends),
        "timezone": meeting.timezone_city,
        "venue": meeting.venue,
        "location": meeting.location,
        "programme_status": "final" if final else "tentative",
        "website": website,
    }


def long_date(day: date) -> str:
    return str(format_date(day, "d MMMM y", locale="en"))


def fill(text: str, meeting: Meeting, website: str = "") -> str:
    check_template(text)
    return text.format(**values(meeting, website))


@dataclass(frozen=True)
class Addressee:
    code: str
    name: str
    category: str
    salutation_line: str  # "His Excellency", "Her Excellency" or "His/Her Excellency"
    representative: str
    function: str  # "Permanent Representative of Ghana to the United Nations"
    email: str

    @property
    def block(self) -> list[str]:
        """The addressee block, line by line, as it closes the letter (as in the seed)."""
        lines = [self.salutation_line, self.representative or f"The {self.function}"]
        if self.representative and self.function:
            lines.append(self.function)
        return [*lines, "New York"]

    @property
    def filename(self) -> str:
        return f"letter-{self.code}"


def _function(delegation: Delegation) -> str:
    if delegation.category == Category.MEMBER_STATE:
        return f"Permanent Representative of {delegation.name} to the United Nations"
    return f"Permanent Observer of {delegation.name} to the United Nations"


def addressees() -> list[Addressee]:
    """Every Permanent Representative of a Member State and every Permanent Observer."""
    missions = {m.delegation_id: m for m in Mission.objects.all()}
    found = []
    for delegation in Delegation.objects.filter(category__in=ADDRESSED).order_by(
        "category", "name"
    ):
        mission = missions.get(delegation.pk)
        honorific = Honorific(mission.honorific if mission else "")
        found.append(
            Addressee(
                code=delegation.code,
                name=delegation.name,
                category=delegation.category,
                salutation_line=str(honorific.label),
                representative=mission.representative if mission else "",
                function=_function(delegation),
                email=mission.email if mission else "",
            )
        )
    return found


@dataclass(frozen=True)
class Letter:
    """The letter to one addressee, ready to be laid out as DOCX or PDF."""

    place_and_date: str
    addressee: Addressee
    salutation: str
    paragraphs: list[str]
    signature: str
    enclosures: list[str]
    office: str = ""  # the letterhead: the office's name, its address's lines, its emblem
    address: tuple[str, ...] = ()
    emblem: str = ""  # a data: address


def enclosures(meeting: Meeting) -> list[str]:
    final = meeting.versions.filter(final=True).exists()
    return [
        "Information note",
        "Programme" if final else "Tentative programme",
    ]


def letter_for(template: LetterTemplate, addressee: Addressee, website: str = "") -> Letter:
    text = fill(template.body, template.meeting, website)
    return Letter(
        place_and_date=f"{template.place}, {long_date(template.date)}",
        addressee=addressee,
        salutation="Excellency,",
        paragraphs=[p.strip() for p in text.split("\n\n") if p.strip()],
        signature=template.signature,
        enclosures=enclosures(template.meeting),
        office=template.office,
        address=tuple(line.strip() for line in template.address.splitlines() if line.strip()),
        emblem=template.emblem_uri,
    )


DEFAULT_BODY = """I have the honour to inform you that I will convene the {title} on {weekday}, {date}, from {starts} to {ends}, in the {venue}, {location}.

I am pleased to share with you an information note and the {programme_status} programme of the meeting. Updated information will be available on the meeting's website, {website}.

Please accept, Excellency, the assurances of my highest consideration."""


def default_template(meeting: Meeting) -> LetterTemplate:
    """An unsaved template for a meeting that has none yet."""
    from django.utils import timezone

    return LetterTemplate(
        meeting=meeting,
        place=meeting.timezone_city if meeting.timezone != "UTC" else "New York",
        date=timezone.localdate(),
        subject=f"Convening letter: {meeting}",
        body=DEFAULT_BODY,
        signature=meeting.convener,
    )
