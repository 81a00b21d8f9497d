"""The chair's summary in the President's form: an opening paragraph (date, venue, format,
participation), one section per theme (who raised it, the quotes the secretariat picked), a closing
"way forward"; and the summary in the style of the Journal (who presided, the speakers in order).
The draft is made from the record and the secretariat's tags; the secretariat edits it after."""

import re
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from hemicycle import floor
from hemicycle.floor.i18n import _ as mark
from hemicycle.meetings.models import Meeting
from hemicycle.outcome import publication, statistics, themes
from hemicycle.outcome.models import Publication, Summary, ThemeTag
from hemicycle.proceedings import store


class NoThemes(floor.FloorError):
    kind = "conflict"
    code = "no_themes"


class BadTag(floor.FloorError):
    kind = "invalid"
    code = "bad_tag"


class NotInRecord(floor.FloorError):
    kind = "not_found"
    code = "not_in_record"


def themes_of(meeting: Meeting) -> list[str]:
    return themes.meeting_themes([s.themes for s in meeting.segments.all()])


@dataclass(frozen=True)
class Speech:
    """A speech from the list as the summary names it, with the words of its statement."""

    entry: int
    number: int
    delegation: str
    name: str
    on_behalf_of: str
    text: str


def speeches(meeting: Meeting) -> list[Speech]:
    """The speeches from the list, in the order given, each with the text of its statement (the
    English version first, any other after)."""
    publication.sync(meeting)
    state = store.state_of(meeting)
    texts: dict[int, list[str]] = {}
    rows = Publication.objects.filter(meeting=meeting).order_by("entry", "-language")
    for row in sorted(rows, key=lambda r: (r.entry, r.language != "en")):
        texts.setdefault(row.entry, []).append(row.text)
    found = []
    for number, done in enumerate(state.record, start=1):
        speech = done.speech
        if speech.entry is None or speech.kind == "point_of_order":
            continue
        found.append(
            Speech(
                entry=speech.entry,
                number=number,
                delegation=speech.delegation,
                name=speech.delegation_name or speech.delegation,
                on_behalf_of=speech.on_behalf_of,
                text="\n".join(texts.get(speech.entry, [])),
            )
        )
    return found


def suggestions(meeting: Meeting, given: list[Speech] | None = None) -> dict[int, list[str]]:
    listed = themes_of(meeting)
    given = speeches(meeting) if given is None else given
    similar = themes.scores({s.entry: s.text for s in given}, listed)
    return {entry: themes.suggested(score) for entry, score in similar.items()}


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def tag(meeting: Meeting, entry: int, chosen: dict[str, str], actor: str) -> list[ThemeTag]:
    """Set the themes speech `entry` raised, each with a quote (or ""), replacing earlier tags.
    The speech must be in this meeting's record, each theme one of its themes, each quote words
    of its statement."""
    given = {s.entry: s for s in speeches(meeting)}
    speech = given.get(entry)
    if speech is None:
        raise NotInRecord(mark("Speech {entry} is not in the record of this meeting."), entry=entry)
    listed = themes_of(meeting)
    for theme, quote in chosen.items():
        if theme not in listed:
            raise BadTag(
                gettext_noop("“{theme}” is not one of this meeting's themes."), theme=theme[:80]
            )
        if quote.strip() and _normal(quote) not in _normal(speech.text):
            raise BadTag(
                gettext_noop(
                    "The quote is not in the statement of {delegation}; copy it from the statement."
                ),
                delegation=speech.name,
            )
    ThemeTag.objects.filter(meeting=meeting, entry=entry).delete()
    return [
        ThemeTag.objects.create(
            meeting=meeting, entry=entry, theme=theme, quote=quote.strip()[:600], tagged_by=actor
        )
        for theme, quote in chosen.items()
    ]


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _who(speech: Speech) -> str:
    if speech.on_behalf_of:
        return _("%(name)s (on behalf of %(group)s)") % {
            "name": speech.name,
            "group": speech.on_behalf_of,
        }
    return speech.name


def opening(meeting: Meeting) -> str:
    figures = statistics.of_meeting(meeting)
    place = ", ".join(p for p in (meeting.venue, meeting.location) if p)
    convened = _("On %(date)s, %(convener)s convened the %(title)s") % {
        "date": formats.date_format(meeting.date, "j F Y"),
        "convener": meeting.convener or meeting.body or _("the President"),
        "title": meeting.title[:1].lower() + meeting.title[1:],
    }
    if place:
        convened += " " + _("in the %(place)s") % {"place": place}
    spoke = ngettext(
        "%(n)s Member State took the floor",
        "%(n)s Member States took the floor",
        figures.member_states,
    ) % {"n": figures.member_states}
    if figures.states_covered > figures.member_states:
        spoke += ngettext(
            ", speaking on behalf of %(n)s State",
            ", speaking on behalf of %(n)s States",
            figures.states_covered,
        ) % {"n": figures.states_covered}
    others = [
        ngettext(one, many, n) % {"n": n}
        for one, many, n in (
            ("%(n)s observer State", "%(n)s observer States", figures.observer_states),
            (
                "%(n)s organisation",
                "%(n)s organisations",
                figures.organisations + figures.un_entities,
            ),
            (
                "%(n)s civil-society organisation",
                "%(n)s civil-society organisations",
                figures.civil_society,
            ),
        )
        if n
    ]
    if others:
        spoke += _(", as did %(others)s") % {"others": _names(others)}
    return f"{convened}. {spoke}."


def sections(meeting: Meeting) -> list[dict[str, str]]:
    given = {s.entry: s for s in speeches(meeting)}
    tags = list(ThemeTag.objects.filter(meeting=meeting))
    drafted = []
    for theme in themes_of(meeting):
        raised = sorted(
            (given[t.entry] for t in tags if t.theme == theme and t.entry in given),
            key=lambda s: s.number,
        )
        if not raised:
            continue
        lines = [_("Raised by %(names)s.") % {"names": _names([_who(s) for s in raised])}]
        for t in sorted(
            (t for t in tags if t.theme == theme and t.quote), key=lambda t: given[t.entry].number
        ):
            lines.append(f"{given[t.entry].name}: “{t.quote}”")
        drafted.append({"theme": theme, "text": "\n".join(lines)})
    return drafted


def way_forward(meeting: Meeting) -> str:
    return _(
        "Member States looked to the way forward: %(outcome)s The President will continue to "
        "consult Member States on the next steps."
    ) % {"outcome": re.split(r"(?<=\.)\s", meeting.expected_outcomes.strip(), maxsplit=1)[0]}


def draft(meeting: Meeting, actor: str) -> Summary:
    """Make the draft again from the record and the tags (the edited text is replaced)."""
    summary, _created = Summary.objects.update_or_create(
        meeting=meeting,
        defaults={
            "opening": opening(meeting),
            "sections": sections(meeting),
            "way_forward": way_forward(meeting) if meeting.expected_outcomes else "",
            "updated_by": actor,
        },
    )
    return summary


def of(meeting: Meeting) -> Summary | None:
    return Summary.objects.filter(meeting=meeting).first()


def ready_for_export(summary: Summary | None) -> Summary:
    if summary is None or not any(s.get("text", "").strip() for s in summary.sections):
        raise NoThemes(
            gettext_noop(
                "The summary has no themes yet: tag the speeches with the themes they raised, "
                "then draft the summary again."
            )
        )
    return summary


def journal(meeting: Meeting) -> list[dict[str, Any]]:
    """The Journal's account: each segment held, who presided, the speakers in the order heard."""
    state = store.state_of(meeting)
    segments = list(meeting.segments.all())
    by_key: dict[str, list[str]] = {}
    for done in state.record:
        speech = done.speech
        who = speech.delegation_name or speech.speaker
        if speech.entry is None:
            who = ", ".join(p for p in (speech.speaker, speech.title) if p)
        elif speech.on_behalf_of:
            who = _("%(name)s (on behalf of %(group)s)") % {
                "name": who,
                "group": speech.on_behalf_of,
            }
        if speech.kind == "reply":
            who = _("%(name)s (right of reply)") % {"name": who}
        by_key.setdefault(speech.segment, []).append(who)
    return [
        {"segment": s, "presiding": s.chair, "speakers": by_key.get(s.key, [])}
        for s in segments
        if by_key.get(s.key)
    ]
