"""A small constructed meeting, run on a clock the test sets: the opening remarks, then seven
requests heard or not, with statements uploaded in one or two languages. Its figures are counted
by hand in test_participation.py."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hemicycle import floor
from hemicycle.delegations.models import Category, Delegation
from hemicycle.inscription import statements
from hemicycle.proceedings import actions, store
from tests.inscription.documents import docx, pdf

EU = ["AUT", "BEL", "FRA", "DEU"]
FRIENDS = ["BRA", "ARG", "MEX"]
REQUESTS = [
    {"delegation": "EU", "on_behalf_of": "European Union", "group_members": EU},
    {"delegation": "GHA"},
    {"delegation": "SVN"},
    {"delegation": "BRA", "on_behalf_of": "Group of Friends", "group_members": FRIENDS},
    {"delegation": "VAT", "kind": "question"},
    {"delegation": "GCR2P"},
    {"delegation": "JPN"},  # withdrawn
    {"delegation": "CHN"},  # last on a first-come list: not reached
]
# How long each speaks; EU and BRA under the group statement's 300 s, the others under 180 s.
SECONDS = {"EU": 300, "GHA": 170, "SVN": 200, "BRA": 320, "VAT": 100, "GCR2P": 180}
TEXTS = {
    "GHA": "Ghana stresses early warning and the prevention of atrocity crimes.",
    "SVN": "Slovenia speaks of national mechanisms and focal points for prevention.",
    "BRA": "The Group of Friends recalls the lessons learned from preventive diplomacy.",
    "CHN": "China speaks of sovereignty and of the way forward.",
}


@pytest.fixture(autouse=True)
def _fresh_publication_memo() -> None:
    from hemicycle.outcome import publication

    publication.forget()  # each test's database starts again; so does what was synced from it


class Day:
    def __init__(self, meeting: Any, chair: Any) -> None:
        self.meeting = meeting
        self.chair = chair
        # The log's clock never runs backwards: the day starts after the meeting was configured.
        self.now = timezone.now().replace(microsecond=0) + timedelta(minutes=10)

    def do(self, action: str, **fields: Any) -> Any:
        return actions.floor_command(self.meeting, self.chair, action, fields, now=self.now).state

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def inscribe(meeting: Any, at: datetime) -> dict[str, int]:
    entries = {}
    for n, item in enumerate(REQUESTS):
        request = actions.build_request(
            {
                "speaker": f"Speaker of {item['delegation']}",
                "level": "permanent_representative",
                "segment": "afternoon",
                "language": "en",
                **item,
            }
        )
        outcome = store.execute(
            meeting,
            lambda state, now, request=request: floor.inscribe(state, request),
            actor="test",
            now=at + timedelta(seconds=n),
        )
        entries[item["delegation"]] = outcome.events[-1].seq
    return entries


def upload(meeting: Any, entry: int, code: str, data: bytes, name: str, **kw: Any) -> None:
    statements.keep(meeting, entry, code, SimpleUploadedFile(name, data), "test", **kw)


@pytest.fixture
def day(make_meeting, accounts, settings, tmp_path) -> Day:
    settings.DATA_DIR = tmp_path
    Delegation.objects.get_or_create(
        code="GCR2P",
        defaults={"name": "Global Centre for R2P", "category": Category.CIVIL_SOCIETY},
    )
    meeting = make_meeting(policy="first_come")
    day = Day(meeting, accounts["chair"])
    entries = inscribe(meeting, day.now - timedelta(minutes=5))
    day.entries = entries  # type: ignore[attr-defined]
    upload(meeting, entries["GHA"], "GHA", docx(TEXTS["GHA"]), "gha.docx", language="en")
    upload(
        meeting,
        entries["GHA"],
        "GHA",
        pdf("Le Ghana insiste sur l'alerte rapide."),
        "gha-fr.pdf",
        language="fr",
    )
    upload(meeting, entries["SVN"], "SVN", docx(TEXTS["SVN"]), "svn.docx", publish=False)
    upload(meeting, entries["BRA"], "BRA", docx(TEXTS["BRA"]), "bra.docx", language="en")
    upload(meeting, entries["CHN"], "CHN", docx(TEXTS["CHN"]), "chn.docx", language="en")
    return day


def run(day: Day) -> None:
    """The opening remarks (300 s), then six speakers from the afternoon's list; JPN withdrew,
    CHN is not reached."""
    day.do("withdraw", entry=day.entries["JPN"])  # type: ignore[attr-defined]
    day.do("start_segment", segment="opening")
    day.do("next")
    day.wait(300)
    day.do("end")
    day.do("end_segment")
    day.wait(60)
    day.do("start_segment", segment="afternoon")
    for _speaker in SECONDS:
        state = day.do("next")
        day.wait(SECONDS[state.speech.delegation])
    day.do("end")
    day.do("end_segment")


@pytest.fixture
def finished(day: Day) -> Day:
    run(day)
    return day
