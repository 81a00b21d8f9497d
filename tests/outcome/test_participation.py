"""The participation figures of the constructed meeting (conftest.py), counted by hand:

- spoke: GHA, SVN, BRA (Member States), VAT (observer State), EU (organisation), GCR2P (civil
  society); JPN withdrew; CHN was not reached;
- States covered: GHA, SVN, BRA, VAT, and those spoken for: AUT, BEL, FRA, DEU (EU) and ARG, MEX
  (BRA's group; BRA itself once) = 10;
- floor time: Ban Ki-moon 300 s, EU 300, GHA 170, SVN 200, BRA 320, VAT 100, GCR2P 180 = 1,570 s;
- overruns: SVN 20 s over 180, BRA 20 s over 300 (GCR2P's 180 s is on its limit) = 2, 40 s;
- the list: 8 requests, 1 withdrawn, 6 heard: 6/7."""

import csv
import io
import re

import pytest
from django.test import Client

from hemicycle.outcome import statistics


def by(rows, key):
    return {row[key]: row for row in rows}


def test_the_figures_are_those_counted_by_hand(finished):
    figures = statistics.of_meeting(finished.meeting).as_json()

    assert {k: v for k, v in figures.items() if not isinstance(v, list)} == {
        "member_states": 3,
        "states_covered": 10,
        "observer_states": 1,
        "organisations": 1,
        "un_entities": 0,
        "civil_society": 1,
        "speeches": 7,
        "seconds": 1570.0,
        "overruns": 2,
        "overrun_s": 40.0,
        "inscribed": 8,
        "withdrawn": 1,
        "heard": 6,
        "share_heard": 0.8571,
    }
    groups = by(figures["by_group"], "group")
    assert {
        g: (r["member_states"], r["states_covered"], r["seconds"]) for g, r in groups.items()
    } == {
        "AFRICAN": (1, 1, 170.0),
        "ASIA_PACIFIC": (0, 0, 0.0),
        "EASTERN_EUROPEAN": (1, 1, 200.0),
        "GRULAC": (1, 3, 320.0),
        "WEOG": (0, 4, 0.0),
    }
    categories = by(figures["by_category"], "category")
    assert {
        c: (r["speakers"], r["speeches"], r["seconds"], r["overruns"], r["overrun_s"])
        for c, r in categories.items()
    } == {
        "member_state": (3, 3, 690.0, 2, 40.0),
        "observer_state": (1, 1, 100.0, 0, 0.0),
        "observer_org": (1, 1, 300.0, 0, 0.0),
        "un_entity": (0, 0, 0.0, 0, 0.0),
        "civil_society": (1, 1, 180.0, 0, 0.0),
        "programme": (1, 1, 300.0, 0, 0.0),
    }


def test_before_anyone_speaks_nothing_is_counted_and_no_share_is_invented(day):
    figures = statistics.of_meeting(day.meeting)

    assert (figures.member_states, figures.states_covered, figures.speeches) == (0, 0, 0)
    assert (figures.inscribed, figures.heard, figures.share_heard) == (8, 0, 0.0)


def test_csv_json_and_the_api_say_the_same(finished):
    client = Client()

    as_json = client.get("/meetings/dialogue/statistics.json").json()
    api = client.get("/api/v1/meetings/dialogue/statistics").json()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/meetings/dialogue/statistics.csv").content.decode())
        )
    )

    assert as_json["states_covered"] == api["states_covered"] == 10
    values = {(r["measure"], r["group"]): r["value"] for r in rows}
    assert values[("member_states", "")] == "3"
    assert values[("regional_group.states_covered", "GRULAC")] == "3"
    assert values[("category.overrun_s", "member_state")] == "40.0"


def test_the_page_draws_each_chart_with_its_table(finished):
    page = Client().get("/meetings/dialogue/statistics/").content.decode()

    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4
    assert page.count('class="chart-table"') == 4
    assert "Latin American and Caribbean States" in page
    assert "1 (3)" in page  # GRULAC: one Member State spoke, three States covered


@pytest.mark.parametrize(
    ("language", "direction", "fixed_edge"), [("en", "ltr", "left"), ("ar", "rtl", "right")]
)
def test_in_arabic_the_bars_grow_from_the_right(finished, language, direction, fixed_edge):
    page = Client(headers={"Accept-Language": language}).get("/meetings/dialogue/statistics/")
    svg = page.content.decode().split('data-chart="groups"', 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    lefts = {float(x) for x, _w in bars}
    rights = {round(float(x) + float(w), 1) for x, w in bars}

    assert f'direction="{direction}"' in svg
    # Every bar starts at the same edge: the labels' side.
    assert len(lefts if fixed_edge == "left" else rights) == 1
