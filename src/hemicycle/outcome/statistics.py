"""A meeting's participation figures (participation.py) with the delegations' register, as the
page's charts, JSON and CSV."""

import io
from typing import Any

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from hemicycle.apikit.spreadsheet import Writer
from hemicycle.delegations.models import Delegation, RegionalGroup
from hemicycle.meetings.models import Meeting
from hemicycle.outcome.charts import Bar, Chart
from hemicycle.outcome.participation import PROGRAMME, Known, Participation, count
from hemicycle.proceedings import labels, store


def register() -> dict[str, Known]:
    return {
        code: Known(category, group)
        for code, category, group in Delegation.objects.values_list(
            "code", "category", "regional_group"
        )
    }


def of_meeting(meeting: Meeting) -> Participation:
    return count(store.state_of(meeting), register())


def group_names() -> dict[str, str]:
    return {code: str(name) for code, name in RegionalGroup.choices}


def category_names() -> dict[str, str]:
    return {code: str(name) for code, name in labels.CATEGORIES.items()} | {
        PROGRAMME: _("Speakers of the programme")
    }


def clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def headline(figures: Participation) -> list[tuple[str, int | str]]:
    """The figures a summary opens with, named."""
    return [
        (_("Member States that spoke"), figures.member_states),
        (_("States covered, counting group statements"), figures.states_covered),
        (_("Observer States"), figures.observer_states),
        (_("Organisations"), figures.organisations),
        (_("United Nations entities"), figures.un_entities),
        (_("Civil-society organisations"), figures.civil_society),
        (_("Speeches"), figures.speeches),
        (_("Floor time"), clock(figures.seconds)),
        (_("Speeches over their time"), figures.overruns),
        (_("Time over the limits"), clock(figures.overrun_s)),
        (_("Requests to speak (not withdrawn)"), figures.inscribed - figures.withdrawn),
        (_("Requests heard"), figures.heard),
        (
            _("Share of the list heard"),
            "—" if figures.share_heard is None else f"{figures.share_heard:.0%}",
        ),
    ]


def charts(figures: Participation) -> list[Chart]:
    rtl = get_language_bidi()
    groups = group_names()
    categories = category_names()
    by_category = [c for c in figures.by_category if c.speeches]
    return [
        Chart(
            "groups",
            _("Member States that spoke, and States covered, by regional group"),
            _("Member States that spoke (States covered)"),
            tuple(
                Bar(groups[g.group], g.member_states, f"{g.member_states} ({g.states_covered})")
                for g in figures.by_group
            ),
            rtl,
        ),
        Chart(
            "time-groups",
            _("Floor time of Member States by regional group"),
            _("Floor time"),
            tuple(Bar(groups[g.group], g.seconds, clock(g.seconds)) for g in figures.by_group),
            rtl,
        ),
        Chart(
            "time-categories",
            _("Floor time by category of speaker"),
            _("Floor time"),
            tuple(
                Bar(categories.get(c.category, c.category), c.seconds, clock(c.seconds))
                for c in by_category
            ),
            rtl,
        ),
        Chart(
            "overruns",
            _("Speeches over their time, by category of speaker"),
            _("Speeches over their time"),
            tuple(
                Bar(categories.get(c.category, c.category), c.overruns, str(c.overruns))
                for c in by_category
            ),
            rtl,
        ),
    ]


CSV_COLUMNS = ("measure", "group", "value")


def as_csv(figures: Participation) -> str:
    """One figure a row: the totals, then each regional group's and each category's."""
    out = io.StringIO()
    writer = Writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    data: dict[str, Any] = figures.as_json()
    for name, value in data.items():
        if not isinstance(value, list):
            writer.writerow([name, "", "" if value is None else value])
    for row in data["by_group"]:
        for name in ("member_states", "states_covered", "speeches", "seconds"):
            writer.writerow([f"regional_group.{name}", row["group"], row[name]])
    for row in data["by_category"]:
        for name in ("speakers", "speeches", "seconds", "overruns", "overrun_s"):
            writer.writerow([f"category.{name}", row["category"], row[name]])
    return out.getvalue()
