"""The convening letter: its template's placeholders, one letter per addressee as DOCX and PDF
(opened and read back), the batch with its progress, the `letters` command, the outbox."""

import io
import subprocess
import sys
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from docx import Document as Docx
from pypdf import PdfReader

from hemicycle.convening import batch, outbox, render
from hemicycle.convening.letters import (
    DEFAULT_BODY,
    TemplateError,
    addressees,
    check_template,
    letter_for,
)
from hemicycle.convening.models import Batch, BatchStatus, Delivery, LetterTemplate
from hemicycle.delegations.models import Category, Delegation


def docx_text(data: bytes) -> str:
    document = Docx(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return " ".join(
        "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def test_every_permanent_representative_and_permanent_observer_is_addressed(db):
    everyone = addressees()
    expected = Delegation.objects.filter(
        category__in=[Category.MEMBER_STATE, Category.OBSERVER_STATE, Category.OBSERVER_ORG]
    ).count()
    assert len(everyone) == expected == 193 + 2 + 12
    by_code = {a.code: a for a in everyone}
    assert by_code["GHA"].function == "Permanent Representative of Ghana to the United Nations"
    assert by_code["VAT"].function == "Permanent Observer of Holy See to the United Nations"
    assert by_code["EU"].function == "Permanent Observer of European Union to the United Nations"
    assert "UNDP" not in by_code  # UN entities are not addressed
    assert by_code["NOR"].block == [
        "His/Her Excellency",
        "The Permanent Representative of Norway to the United Nations",
        "New York",
    ]


def test_the_letter_names_the_addressee_date_time_venue_and_enclosures(convened):
    template = LetterTemplate.objects.get(meeting=convened)
    ghana = next(a for a in addressees() if a.code == "GHA")
    letter = letter_for(template, ghana, "http://127.0.0.1/meetings/dialogue/")

    for text in (docx_text(render.letter_docx(letter)), pdf_text(render.letters_pdf([letter])[0])):
        assert "New York, 5 August 2013" in text
        assert "Excellency," in text
        assert "Her Excellency" in text
        assert "Martha Ama Akyaa Pobee" in text
        assert "Permanent Representative of Ghana to the United Nations" in text
        assert "Wednesday, 11 September 2013, from 10:00 a.m. to 6:00 p.m." in text
        assert "Trusteeship Council Chamber, United Nations Headquarters, New York" in text
        assert "tentative programme" in text
        assert "Enclosures: Information note; Tentative programme" in text
        assert "Vuk Jeremić" in text


def test_the_enclosure_holds_the_information_note_and_the_programme(convened):
    for text in (docx_text(render.note_docx(convened)), pdf_text(render.note_pdf(convened))):
        assert "Information note and tentative programme" in text
        assert (
            "The General Assembly continues its consideration of the responsibility to protect."
            in text
        )
        assert "Panel discussion" in text
        assert "Concluding remarks" in text
    table = Docx(io.BytesIO(render.note_docx(convened))).tables[0]
    assert [row.cells[0].text for row in table.rows][:3] == ["Time", "10:00–10:30", "10:30–13:00"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("On {date} in {room}.", "Unknown placeholder {room}: use only {title}"),
        ("On {date", "A brace is not closed"),
        ("On {} at {starts}", "Every placeholder needs a name"),
    ],
)
def test_a_template_with_an_unknown_placeholder_is_refused(body, message):
    with pytest.raises(TemplateError, match=message.replace("{", r"\{").replace("}", r"\}")):
        check_template(body)


def test_the_page_refuses_an_unknown_placeholder_and_keeps_the_saved_letter(convened, signed_in):
    page = signed_in("secretariat")
    response = page.post(
        "/manage/dialogue/letters/",
        {"action": "save", "place": "New York", "date": "2013-08-05", "subject": "S", "signature": "V",
         "body": "The dialogue will be held in {room}."},
    )  # fmt: skip
    assert "Unknown placeholder {room}" in response.content.decode()
    assert LetterTemplate.objects.get(meeting=convened).body.startswith("I have the honour")


def test_the_batch_writes_every_letter_and_reports_progress(
    convened, tmp_path, settings, signed_in
):
    settings.DATA_DIR = tmp_path
    few = [a for a in addressees() if a.code in ("GHA", "NOR", "VAT")]
    seen = []
    written = batch.write_letters(
        convened, tmp_path / "out", only=few, progress=lambda d, t: seen.append((d, t))
    )
    assert written == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        ["information-note-and-programme.docx", "information-note-and-programme.pdf"]
        + [f"letter-{c}.{ext}" for c in ("GHA", "NOR", "VAT") for ext in ("docx", "pdf")]
    )
    holy_see = pdf_text((tmp_path / "out" / "letter-VAT.pdf").read_bytes())
    assert "Permanent Observer of Holy See to the United Nations" in holy_see
    assert "Ghana" not in holy_see  # each file holds its own letter only
    assert "Norway" not in holy_see


def test_letters_laid_out_together_are_cut_at_each_letters_first_page(convened):
    template = LetterTemplate.objects.get(meeting=convened)
    template.body = "\n\n".join([DEFAULT_BODY] * 8)  # a letter of more than one page
    two = [a for a in addressees() if a.code in ("GHA", "NOR")]
    ghana, norway = render.letters_pdf([letter_for(template, a) for a in two])
    assert len(PdfReader(io.BytesIO(ghana)).pages) == len(PdfReader(io.BytesIO(norway)).pages) > 1
    assert "Ghana" in pdf_text(ghana)
    assert "Norway" not in pdf_text(ghana)
    assert "Norway" in pdf_text(norway)
    assert pdf_text(norway).startswith("New York, 5 August 2013 Excellency,")


def test_the_letters_command_writes_docx_and_pdf_with_a_progress_bar(convened, tmp_path, capsys):
    call_command("letters", "dialogue", "--out", str(tmp_path), "--limit", "2")
    captured = capsys.readouterr()
    assert "2 letters (4 files) and the enclosure written to" in captured.out
    assert "Letters [##############################] 2/2" in captured.err
    first_two = [a.code for a in addressees()[:2]]
    for code in first_two:
        assert "Excellency," in pdf_text((tmp_path / f"letter-{code}.pdf").read_bytes())
        assert "Excellency," in docx_text((tmp_path / f"letter-{code}.docx").read_bytes())


def test_the_letters_command_names_the_meetings_it_knows(convened, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="There is no meeting “nope”; meetings: dialogue"):
        call_command("letters", "nope", "--out", str(tmp_path))


def _finished_batch(meeting, tmp_path, codes=("GHA", "NOR", "VAT", "FRA")):
    found = Batch.objects.create(
        meeting=meeting, total=len(codes), directory=str(tmp_path / "batch")
    )
    few = [a for a in addressees() if a.code in codes]
    batch.write_letters(meeting, tmp_path / "batch", only=few)
    batch.zip_folder(tmp_path / "batch")
    Batch.objects.filter(pk=found.pk).update(status=BatchStatus.DONE, done=len(codes))
    return found


def test_the_outbox_sends_once_to_each_addressee_and_logs_it(convened, tmp_path):
    with pytest.raises(outbox.OutboxError, match="Generate the letters first"):
        outbox.send(convened)
    _finished_batch(convened, tmp_path)

    first = outbox.send(convened, "http://127.0.0.1/meetings/dialogue/")

    assert sorted(first.sent) == ["GHA", "NOR", "VAT"]
    assert len(first.no_address) == len(addressees()) - 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "gha@missions.example.org",
        "nor@missions.example.org",
        "vat@missions.example.org",
    ]
    ghana = next(m for m in mail.outbox if m.to == ["gha@missions.example.org"])
    assert ghana.subject == "Informal interactive dialogue"
    assert "Permanent Representative of Ghana to the United Nations" in ghana.body
    assert [name for name, _content, _type in ghana.attachments] == [
        "letter-GHA.pdf",
        "information-note-and-programme.pdf",
    ]
    assert "Martha Ama Akyaa Pobee" in pdf_text(ghana.attachments[0][1])
    assert Delivery.objects.filter(meeting=convened).count() == 3
    assert (
        ghana.extra_headers["Message-ID"] == Delivery.objects.get(delegation__code="GHA").message_id
    )

    second = outbox.send(convened)

    assert second.sent == []
    assert sorted(second.already) == ["GHA", "NOR", "VAT"]
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(meeting=convened).count() == 3


def test_the_letters_page_sends_and_shows_the_log(convened, tmp_path, signed_in):
    _finished_batch(convened, tmp_path)
    page = signed_in("secretariat")
    text = page.post("/manage/dialogue/letters/", {"action": "send"}, follow=True).content.decode()
    assert "3 letters sent; 0 had been sent before" in text
    assert "gha@missions.example.org" in text
    text = page.post("/manage/dialogue/letters/", {"action": "send"}, follow=True).content.decode()
    assert "0 letters sent; 3 had been sent before and were not sent again" in text
    assert len(mail.outbox) == 3


def test_the_batch_archive_is_downloadable(convened, tmp_path, signed_in):
    found = _finished_batch(convened, tmp_path)
    response = signed_in("secretariat").get(f"/manage/dialogue/letters/{found.pk}/letters.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "letter-GHA.pdf" in archive.namelist()
    assert "information-note-and-programme.docx" in archive.namelist()
    progress = (
        signed_in("secretariat")
        .get(f"/manage/dialogue/letters/{found.pk}/progress/")
        .content.decode()
    )
    assert "4 of 4 letters written" in progress
    assert "hx-trigger" not in progress  # a finished batch is no longer polled
    assert (
        signed_in("chair").get(f"/manage/dialogue/letters/{found.pk}/letters.zip").status_code
        == 403
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # reference data survives
def test_the_page_runs_the_batch_in_the_background_with_progress(
    convened, settings, tmp_path, signed_in, monkeypatch
):
    import time

    settings.DATA_DIR = tmp_path
    few = [a for a in addressees() if a.code in ("GHA", "NOR")]
    monkeypatch.setattr(batch, "addressees", lambda: few)  # two letters keep the test short
    page = signed_in("secretariat")
    page.post("/manage/dialogue/letters/", {"action": "generate"})
    found = Batch.objects.get(meeting=convened)
    assert found.total == 2
    deadline = time.monotonic() + 60
    while found.status == BatchStatus.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        found.refresh_from_db()
    assert found.status == BatchStatus.DONE
    assert found.done == 2
    assert found.directory.startswith(str(tmp_path / "letters" / "dialogue"))
    text = page.get("/manage/dialogue/letters/").content.decode()
    assert "2 of 2 letters written" in text
    assert "Download all letters (zip)" in text


def test_the_cli_is_hemicycle_letters(tmp_path):
    """`hemicycle letters` is a command of the `hemicycle` program."""
    done = subprocess.run([sys.executable, "-m", "hemicycle", "letters", "--help"], capture_output=True, text=True,
                          env={"HEMICYCLE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert done.returncode == 0
    assert "--out OUT" in done.stdout


def test_a_batch_orphaned_by_a_restart_does_not_block_the_next(
    convened, settings, tmp_path, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    settings.DATA_DIR = tmp_path
    orphan = Batch.objects.create(
        meeting=convened, total=207, done=40, directory=str(tmp_path / "old")
    )
    Batch.objects.filter(pk=orphan.pk).update(progressed_at=timezone.now() - timedelta(minutes=5))
    monkeypatch.setattr(
        batch.threading, "Thread", lambda **kwargs: type("T", (), {"start": lambda self: None})()
    )

    started = batch.begin(convened)

    orphan.refresh_from_db()
    assert started.pk != orphan.pk
    assert orphan.status == BatchStatus.FAILED
    assert "no progress for two minutes" in orphan.error
    assert batch.begin(convened).pk == started.pk  # a batch that is running is not started twice


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 94, 184)).save(out, "PNG")
    return out.getvalue()


LETTERHEAD = {
    "action": "save", "place": "New York", "date": "2013-08-05", "subject": "S",
    "signature": "Vuk Jeremić", "body": DEFAULT_BODY,
    "office": "The President of the General Assembly",
    "address": "United Nations\nNew York, NY 10017",
}  # fmt: skip


def test_the_letterhead_is_set_on_the_page_and_heads_every_letter(convened, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = signed_in("secretariat")
    page.post(
        "/manage/dialogue/letters/",
        {**LETTERHEAD, "emblem_file": SimpleUploadedFile("un.png", png(), "image/png")},
    )

    template = LetterTemplate.objects.get(meeting=convened)
    ghana = letter_for(template, next(a for a in addressees() if a.code == "GHA"))
    pdf = PdfReader(io.BytesIO(render.letters_pdf([ghana])[0]))
    docx = Docx(io.BytesIO(render.letter_docx(ghana)))
    preview = page.get("/manage/dialogue/letters/").content.decode()
    assert template.emblem_type == "image/png"
    assert pdf_text(render.letters_pdf([ghana])[0]).startswith(
        "THE PRESIDENT OF THE GENERAL ASSEMBLY United Nations New York, NY 10017 New York, 5 August"
    )
    assert len(pdf.pages[0].images) == 1
    assert len(docx.inline_shapes) == 1
    assert docx.paragraphs[1].text == "THE PRESIDENT OF THE GENERAL ASSEMBLY"
    assert 'class="letterhead-office">The President of the General Assembly<' in preview
    assert 'src="data:image/png;base64,' in preview


def test_an_emblem_that_is_not_an_image_is_refused(convened, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = signed_in("secretariat").post(
        "/manage/dialogue/letters/",
        {**LETTERHEAD, "emblem_file": SimpleUploadedFile("un.png", b"<svg/>", "image/png")},
    )

    assert "The emblem must be a PNG or JPEG image." in response.content.decode()
    assert LetterTemplate.objects.get(meeting=convened).office == ""


def test_each_letters_docx_is_the_one_python_docx_makes(convened):
    template = LetterTemplate.objects.get(meeting=convened)
    template.office, template.address = "The President", "United Nations\nNew York"
    template.emblem, template.emblem_type = png(), "image/png"
    letters = [letter_for(template, a) for a in addressees()]
    fast = render.LetterDocx(letters[0])

    def parts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as made:
            return {n: made.read(n) for n in made.namelist() if n != "docProps/core.xml"}

    assert len(letters) > 190
    for letter in letters:
        assert parts(fast(letter)) == parts(render.letter_docx(letter)), letter.addressee.code
        assert Docx(io.BytesIO(fast(letter))).core_properties.title == (
            f"Letter to the {letter.addressee.function}"
        )


def test_letters_in_several_chunks_are_laid_out_on_every_core_each_in_its_own_file(
    convened, tmp_path
):
    some = addressees()[:25]  # three chunks

    batch.write_letters(convened, tmp_path, only=some)

    for addressee in some:
        text = pdf_text((tmp_path / f"{addressee.filename}.pdf").read_bytes())
        assert f"of {addressee.name} to the United Nations" in text
        assert text.count("Excellency, I have the honour") == 1
