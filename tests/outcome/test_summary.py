"""The chair's summary: themes suggested from the statements' words, tagged by the secretariat with
quotes from the statements, the draft in the President's form, edited, exported as DOCX and PDF
(both opened, the PDF drawn as an image); no export without themes; the Journal's account."""

import io

import pytest
from django.test import Client

from hemicycle.meetings.models import Segment
from hemicycle.outcome import summary

THEMES = [
    "The causes and dynamics of genocide, war crimes, ethnic cleansing and crimes against humanity",
    "The range of structural and operational measures for prevention",
    "Lessons learned from experiences to date in undertaking preventive action",
    "The way forward in strengthening national atrocity prevention efforts",
]


@pytest.fixture
def themed(finished):
    Segment.objects.filter(meeting=finished.meeting, key="afternoon").update(themes=THEMES)
    return finished


def signed_in(accounts, who="secretariat"):
    client = Client()
    client.force_login(accounts[who])
    return client


def put_themes(client, entry, themes, slug="dialogue"):
    return client.put(
        f"/api/v1/meetings/{slug}/speeches/{entry}/themes",
        {"themes": themes},
        content_type="application/json",
    )


def test_suggestions_follow_the_words_of_the_statements(themed):
    suggested = summary.suggestions(themed.meeting)

    assert THEMES[2] in suggested[themed.entries["BRA"]]  # "lessons learned … preventive"
    assert THEMES[3] in suggested[themed.entries["GHA"]]  # "atrocity prevention"
    assert suggested[themed.entries["EU"]] == []  # no statement given


def test_a_tag_needs_a_speech_of_this_meeting_a_theme_of_it_and_a_quote_from_the_statement(
    themed, accounts, make_meeting
):
    secretariat = signed_in(accounts)
    other = make_meeting("other")

    elsewhere = put_themes(
        secretariat, themed.entries["GHA"], [{"theme": THEMES[0]}], slug=other.slug
    )
    unknown_theme = put_themes(secretariat, themed.entries["GHA"], [{"theme": "Climate"}])
    made_up_quote = put_themes(
        secretariat, themed.entries["GHA"], [{"theme": THEMES[1], "quote": "words never said"}]
    )
    not_heard = put_themes(secretariat, themed.entries["CHN"], [{"theme": THEMES[1]}])
    by_the_chair = put_themes(
        signed_in(accounts, "chair"), themed.entries["GHA"], [{"theme": THEMES[1]}]
    )
    kept = put_themes(
        secretariat,
        themed.entries["GHA"],
        [{"theme": THEMES[1], "quote": "early warning and the prevention"}],
    )

    assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "not_in_record")
    assert (unknown_theme.status_code, unknown_theme.json()["code"]) == (422, "bad_tag")
    assert "copy it from the statement" in made_up_quote.json()["detail"]
    assert not_heard.status_code == 404
    assert by_the_chair.status_code == 403
    assert kept.status_code == 200
    assert kept.json()["themes"] == [
        {"theme": THEMES[1], "quote": "early warning and the prevention"}
    ]


def test_exporting_without_themes_says_what_to_do(themed, accounts):
    secretariat = signed_in(accounts)
    secretariat.post("/meetings/dialogue/summary/", {"action": "draft"})

    response = secretariat.get("/meetings/dialogue/summary.docx", follow=True)

    assert response.redirect_chain == [("/meetings/dialogue/summary/", 302)]
    assert "The summary has no themes yet" in response.content.decode()


def _tag_and_draft(themed, accounts):
    secretariat = signed_in(accounts)
    page = secretariat.post(
        "/meetings/dialogue/summary/themes/",
        {
            "entry": themed.entries["GHA"],
            "theme-1": "1",
            "quote-1": "early warning and the prevention",
        },
    )
    assert page.status_code == 302
    put_themes(
        secretariat,
        themed.entries["BRA"],
        [{"theme": THEMES[2], "quote": "the lessons learned from preventive diplomacy"}],
    )
    put_themes(secretariat, themed.entries["SVN"], [{"theme": THEMES[1]}])
    secretariat.post("/meetings/dialogue/summary/", {"action": "draft"})
    return secretariat


def test_the_draft_is_in_the_presidents_form(themed, accounts):
    _tag_and_draft(themed, accounts)
    draft = summary.of(themed.meeting)

    assert draft.opening.startswith("On 11 September 2013, ")
    assert draft.opening.endswith(
        "3 Member States took the floor, speaking on behalf of 10 States, as did 1 observer "
        "State, 1 organisation and 1 civil-society organisation."
    )
    assert [s["theme"] for s in draft.sections] == [THEMES[1], THEMES[2]]
    assert draft.sections[0]["text"] == (
        "Raised by Ghana and Slovenia.\nGhana: “early warning and the prevention”"
    )
    assert draft.sections[1]["text"].startswith("Raised by Brazil (on behalf of Group of Friends).")


def test_the_secretariat_edits_and_the_exports_carry_the_edit(themed, accounts, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    secretariat = _tag_and_draft(themed, accounts)
    draft = summary.of(themed.meeting)
    secretariat.post(
        "/meetings/dialogue/summary/",
        {
            "action": "save",
            "opening": draft.opening + " The dialogue was webcast.",
            "section-0": draft.sections[0]["text"],
            "section-1": "Brazil spoke of lessons learned.",
            "way_forward": "Member States will meet again next year.",
        },
    )

    docx = secretariat.get("/meetings/dialogue/summary.docx")
    pdf = secretariat.get("/meetings/dialogue/summary.pdf")

    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[0].startswith("Summary of the President: Informal interactive dialogue")
    assert paragraphs[2].endswith("The dialogue was webcast.")
    assert "Brazil spoke of lessons learned." in paragraphs
    assert paragraphs[-2:] == ["The way forward", "Member States will meet again next year."]
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "The dialogue was webcast." in text
    assert "Brazil spoke of lessons learned." in text
    (tmp_path / "summary.pdf").write_bytes(pdf.content)


def test_the_pdf_draws_as_a_page_of_text(themed, accounts, tmp_path):
    import pypdfium2

    secretariat = _tag_and_draft(themed, accounts)
    pdf = secretariat.get("/meetings/dialogue/summary.pdf").content

    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=1).to_pil().convert("L")
    document.close()
    image.save(tmp_path / "summary-page-1.png")
    width, height = image.size
    dark = sum(1 for value in image.tobytes() if value < 128)

    assert (round(width / 5), round(height / 5)) == (119, 168)  # A4: 595 x 842 points
    assert 0.005 < dark / (width * height) < 0.2  # text on a white page, neither blank nor black


@pytest.mark.parametrize("who", [None, "outsider", "delegate", "chair"])
def test_only_the_secretariat_drafts_and_exports(themed, accounts, who):
    client = signed_in(accounts, who) if who else Client()

    for path in (
        "/meetings/dialogue/summary/",
        "/meetings/dialogue/summary.pdf",
        "/meetings/dialogue/summary/themes/",
    ):
        response = client.get(path)
        assert response.status_code == (302 if who is None else 403)


def test_the_journal_names_who_presided_and_the_speakers_in_order(themed):
    Segment.objects.filter(meeting=themed.meeting).update(chair="Vuk Jeremić")

    page = Client().get("/meetings/dialogue/journal/").content.decode()

    assert "Vuk Jeremić presided." in page
    assert "Ban Ki-moon, Secretary-General." in page
    assert (
        "European Union (on behalf of European Union); Ghana; Slovenia; "
        "Brazil (on behalf of Group of Friends); Holy See; Global Centre for R2P."
    ) in page
