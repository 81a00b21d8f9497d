"""The demo's finished day: a copy of the seed's meeting (`r2p-2013-finished`) run from the opening
to the concluding remarks on the clock of 11 September 2013, with illustrative statements uploaded
and published, the speeches tagged with the themes suggested for them, and the chair's summary
drafted; beside it the live meeting is left as it was, for the console."""

import random
from datetime import time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from hemicycle.demo import loader
from hemicycle.demo.statements import FRENCH, FRENCH_SPEAKING, as_docx, text_for
from hemicycle.inscription import statements
from hemicycle.meetings.models import Meeting
from hemicycle.outcome import publication, series, summary
from hemicycle.proceedings import actions, store

SLUG = "r2p-2013-finished"


class _Clock:
    def __init__(self, meeting: Meeting, chair: Any) -> None:
        self.meeting = meeting
        self.chair = chair
        self.now = meeting.local(meeting.starts)
        self.random = random.Random(2013)

    def at(self, hh: int, mm: int) -> None:
        self.now = max(self.now, self.meeting.local(time(hh, mm)))

    def do(self, action: str, **fields: Any) -> Any:
        return actions.floor_command(self.meeting, self.chair, action, fields, now=self.now).state

    def speak(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.do("end")
        self.now += timedelta(seconds=self.random.choice([8, 12, 15, 20]))

    def hear_invited(self, seconds: float) -> None:
        while store.state_of(self.meeting).invited:
            self.do("next")
            self.speak(seconds)

    def hear_list_until(self, hh: int, mm: int) -> None:
        end = self.now.replace(hour=hh, minute=mm)
        while store.state_of(self.meeting).order and self.now + timedelta(seconds=200) < end:
            state = self.do("next")
            speech = state.speech
            if speech.entry is None:
                self.speak(240)  # a panel round fell due
                continue
            if speech.kind == "statement" and speech.on_behalf_of:
                self.speak(self.random.choice([240, 280, 300, 320]))
            else:
                self.speak(self.random.choice([140, 150, 165, 170, 178, 185, 200]))


def run_day(meeting: Meeting, chair: Any) -> None:
    clock = _Clock(meeting, chair)
    clock.do("start_segment", segment="opening")
    clock.hear_invited(480)
    clock.do("end_segment")
    clock.at(10, 30)
    clock.do("start_segment", segment="panel")
    clock.do("panel_every", every=15)
    clock.do("panel_round")
    clock.hear_invited(400)
    clock.hear_list_until(13, 0)
    clock.at(13, 0)
    clock.do("start_segment", segment="lunch")
    clock.at(15, 0)
    clock.do("start_segment", segment="afternoon")
    clock.do("panel_every", every=0)
    clock.hear_list_until(17, 45)
    clock.at(17, 45)
    clock.do("start_segment", segment="closing")
    clock.hear_invited(420)
    clock.do("end_segment")


def upload_statements(meeting: Meeting) -> None:
    state = store.state_of(meeting)
    for entry in state.entries.values():
        name = entry.delegation_name or entry.delegation
        text = text_for(entry.delegation, name)
        statements.keep(
            meeting,
            entry.id,
            entry.delegation,
            SimpleUploadedFile(f"{entry.delegation.lower()}-en.docx", as_docx(text, name)),
            "secretariat",
            language="en",
            publish=entry.delegation != "CHN",  # one delegation keeps its text to itself
        )
        if entry.delegation in FRENCH_SPEAKING:
            statements.keep(
                meeting,
                entry.id,
                entry.delegation,
                SimpleUploadedFile(
                    f"{entry.delegation.lower()}-fr.docx", as_docx(FRENCH.format(name=name), name)
                ),
                "secretariat",
                language="fr",
            )


def tag_and_draft(meeting: Meeting) -> None:
    """The secretariat's work, as the demo does it: each speech tagged with its suggested themes
    (two at most), and a quote for a theme's first three speakers that say something new."""
    given = summary.speeches(meeting)
    suggested = summary.suggestions(meeting, given)
    quoted: dict[str, set[str]] = {}
    for speech in given:
        chosen = suggested.get(speech.entry, [])[:2]
        if not chosen:
            continue
        lines = speech.text.splitlines()
        quote = lines[2].split(". ")[0] if len(lines) > 2 else ""
        seen = quoted.setdefault(chosen[0], set())
        if quote in seen or len(seen) >= 3:
            quote = ""
        if quote:
            seen.add(quote)
        summary.tag(
            meeting,
            speech.entry,
            {chosen[0]: quote, **dict.fromkeys(chosen[1:], "")},
            "secretariat",
        )
    drafted = summary.draft(meeting, "secretariat")
    drafted.opening += (
        " [Demo: the quotes below come from illustrative statements invented for the demo.]"
    )
    drafted.save(update_fields=["opening"])


def load(*, reset: bool = False) -> Meeting:
    existing = Meeting.objects.filter(slug=SLUG).first()
    if existing and not reset:
        return existing
    meeting = loader.load(reset=True, slug=SLUG, title_note=" (finished copy of the day)")
    chair = User.objects.get(username="chair")
    upload_statements(meeting)
    run_day(meeting, chair)
    publication.sync(meeting)
    r2p = series.load()
    r2p.meetings.add(meeting, Meeting.objects.get(slug=loader.SLUG))
    tag_and_draft(meeting)
    return meeting
