"""The published provisional list: a page "as at HH:MM" that follows the list, a CSV and a PDF."""

import csv
import io
import subprocess
from datetime import UTC, datetime, timedelta

from django.utils import translation
from pypdf import PdfReader

from hemicycle.inscription.window import local_time
from hemicycle.meetings.models import Meeting
from tests.conftest import require
from tests.inscription.conftest import statement


def inscribe_three(api_as):
    secretariat = api_as("secretariat")
    secretariat.post(
        "/meetings/dialogue/speakers", statement("AUS", speaker="Gary Quinlan", level="other")
    )
    secretariat.post(
        "/meetings/dialogue/speakers",
        statement(
            "EU",
            speaker="Thomas Mayr-Harting",
            on_behalf_of="European Union",
            group_members=["BEL", "DEU"],
        ),
    )
    withdrawn = secretariat.post("/meetings/dialogue/speakers", statement("GHA")).json()["entry"][
        "id"
    ]
    secretariat.delete(f"/meetings/dialogue/speakers/{withdrawn}")


def test_the_page_shows_the_list_as_at_now_in_the_meetings_city(client, api_as, make_meeting):
    make_meeting()
    inscribe_three(api_as)
    meeting = Meeting.objects.get(slug="dialogue")

    page = client.get("/meetings/dialogue/list/")

    text = page.content.decode()
    as_at = local_time(meeting, datetime.now(UTC), "HH:mm")
    assert page.status_code == 200
    assert f"Provisional list of speakers as at {as_at} (New York time)" in text
    assert text.index("Thomas Mayr-Harting") < text.index("Gary Quinlan")
    assert "group statement; received" in text
    assert "Ghana" not in text  # withdrawn requests are not on the published list
    assert "The list is open" in text


def test_the_fragment_answers_not_modified_until_the_list_changes(client, api_as, make_meeting):
    make_meeting()
    htmx = {"HX-Request": "true"}
    first = client.get("/meetings/dialogue/list/", headers=htmx)

    same = client.get("/meetings/dialogue/list/", headers={**htmx, "If-None-Match": first["ETag"]})
    api_as("secretariat").post("/meetings/dialogue/speakers", statement("FRA"))
    changed = client.get(
        "/meetings/dialogue/list/", headers={**htmx, "If-None-Match": first["ETag"]}
    )

    assert first.status_code == 200
    assert "<html" not in first.content.decode()
    assert same.status_code == 304
    assert changed.status_code == 200
    assert "France" in changed.content.decode()


def test_the_csv_has_a_row_per_waiting_speaker_in_order(client, api_as, make_meeting):
    make_meeting()
    inscribe_three(api_as)

    response = client.get("/meetings/dialogue/list.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][0].startswith(
        "# Informal interactive dialogue — provisional list of speakers as at "
    )
    assert rows[1][:4] == ["position", "delegation", "delegation_name", "speaker"]
    assert [(r[0], r[1], r[7], r[8]) for r in rows[2:-1]] == [
        ("1", "EU", "European Union", "BEL; DEU"),
        ("2", "AUS", "", ""),
    ]


def test_the_pdf_opens_and_lists_the_speakers(client, api_as, make_meeting):
    make_meeting()
    inscribe_three(api_as)

    response = client.get("/meetings/dialogue/list.pdf")

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert response["Content-Type"] == "application/pdf"
    assert "Provisional list of speakers as at" in text
    assert text.index("Thomas Mayr-Harting") < text.index("Gary Quinlan")


def test_before_the_window_the_page_says_when_it_opens(client, make_meeting, set_window):
    meeting = make_meeting(open_list=False)
    opens = datetime.now(UTC) + timedelta(days=3)
    set_window(meeting, opens)

    text = client.get("/meetings/dialogue/list/").content.decode()

    assert f"The list of speakers opens on {local_time(meeting, opens)} (New York time)." in text
    assert "The list is closed" in text


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def pdf_fonts(response):
    fonts = set()
    for page in PdfReader(io.BytesIO(response.content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_the_pdf_names_the_meeting_and_groups_the_speakers_by_segment(client, api_as, make_meeting):
    meeting = make_meeting()
    meeting.body = "United Nations General Assembly"
    meeting.venue = "Trusteeship Council Chamber"
    meeting.location = "United Nations Headquarters, New York"
    meeting.save()
    inscribe_three(api_as)
    api_as("secretariat").post(
        "/meetings/dialogue/speakers",
        statement("NOR", speaker="Geir Pedersen", segment="afternoon"),
    )

    text = pdf_text(client.get("/meetings/dialogue/list.pdf"))

    assert "UNITED NATIONS GENERAL ASSEMBLY" in text
    assert "Informal interactive dialogue" in text
    assert "Wednesday, 11 September 2013, 10:00–18:00 (New York time)" in text
    assert "Trusteeship Council Chamber, United Nations Headquarters, New York" in text
    # Segments as headings, each over its own speakers; received times with their day.
    assert text.index("Panel discussion 10:30–13:00") < text.index("Thomas Mayr-Harting")
    assert text.index("Gary Quinlan") < text.index("Interactive dialogue 15:00–17:45")
    assert text.index("Interactive dialogue 15:00–17:45") < text.index("Geir Pedersen")
    received_today = local_time(meeting, datetime.now(UTC), "d MMM")
    assert f"received {received_today}, " in text


def test_the_arabic_pdf_is_set_in_a_font_with_arabic_letters(client, api_as, make_meeting):
    fonts = subprocess.run(["fc-list", ":lang=ar", "family"], capture_output=True, text=True)
    require("Noto" in fonts.stdout, "Noto's Arabic fonts (apt-get install fonts-noto-core)")
    make_meeting()
    inscribe_three(api_as)
    client.cookies["django_language"] = "ar"

    with translation.override("en"):  # the request leaves Arabic active: restore what was
        response = client.get("/meetings/dialogue/list.pdf")

    assert "القائمة المؤقتة للمتكلمين" in pdf_text(response)
    assert "أستراليا" in pdf_text(response)  # Australia, as CLDR names it in Arabic
    assert any("Arabic" in font for font in pdf_fonts(response)), pdf_fonts(response)
