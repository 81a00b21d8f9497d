"""Series of meetings and their reference figures: the R2P dialogues of 2009 to 2019 as published by
the Global Centre for R2P (reference/r2p-dialogues.json, each year with its source), and the chart
that places a meeting held in Hemicycle among them."""

import json
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from hemicycle.meetings.models import Meeting
from hemicycle.outcome.charts import Bar, Chart
from hemicycle.outcome.models import ReferenceFigure, Series
from hemicycle.outcome.participation import Participation

R2P = "r2p-dialogues"


def reference_data(slug: str = R2P) -> dict[str, Any]:
    text = (
        resources.files("hemicycle.outcome").joinpath(f"reference/{slug}.json").read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@transaction.atomic
def load(slug: str = R2P) -> Series:
    """Create or update the series and its reference figures from the bundled file."""
    data = reference_data(slug)
    series, _created = Series.objects.update_or_create(
        slug=data["slug"], defaults={"title": data["title"]}
    )
    for year in data["years"]:
        ReferenceFigure.objects.update_or_create(
            series=series,
            year=year["year"],
            defaults={
                "held": year.get("held", ""),
                "format": year.get("format", ""),
                "member_states": year["member_states"],
                "member_states_alt": year.get("member_states_alt"),
                "observers": year.get("observers", 0),
                "organisations": year.get("organisations", 0),
                "civil_society": year.get("civil_society", 0),
                "states_low": year.get("states_low"),
                "states_high": year.get("states_high"),
                "note": year.get("note", ""),
                "source": data["source"],
            },
        )
    return series


def placing(meeting: Meeting, figures: Participation) -> dict[str, Any]:
    """The chart of Member States that spoke, year by year, with `meeting` among them (its bar
    highlighted and labelled as counted by Hemicycle), for each series the meeting belongs to."""
    series = meeting.series.first()  # type: ignore[attr-defined]
    if series is None:
        return {}
    year = meeting.date.year
    bars = [
        Bar(str(ref.year), ref.member_states, str(ref.member_states))
        for ref in series.references.all()
    ]
    here = Bar(
        _("%(year)s, this meeting") % {"year": year},
        figures.member_states,
        str(figures.member_states),
        highlight=True,
    )
    after = [i for i, bar in enumerate(bars) if bar.label > str(year)]
    bars.insert(after[0] if after else len(bars), here)
    sources = sorted(set(series.references.values_list("source", flat=True)))
    return {
        "series": series,
        "series_source": "; ".join(sources),
        "series_chart": Chart(
            "series",
            _("Member States that spoke, meeting by meeting"),
            _("Member States that spoke"),
            tuple(bars),
            get_language_bidi(),
        ),
    }
