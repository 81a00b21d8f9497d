"""Statement files: PDF or DOCX by their bytes, within the size limit, read by those entitled."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hemicycle.inscription.models import Statement
from tests.inscription.conftest import statement
from tests.inscription.documents import docx, pdf


@pytest.fixture
def entry(make_meeting, api_as, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    make_meeting()
    return api_as("delegate").post("/meetings/dialogue/speakers", statement()).json()["entry"]["id"]


def upload(headers, entry, name, data):
    return Client().post(
        f"/api/v1/meetings/dialogue/speakers/{entry}/statement",
        {"file": SimpleUploadedFile(name, data)},
        headers=headers,
    )


def download(headers, entry):
    return Client().get(f"/api/v1/meetings/dialogue/speakers/{entry}/statement", headers=headers)


@pytest.mark.parametrize(
    ("name", "make", "kind"), [("slovenia.pdf", pdf, "pdf"), ("slovenia.docx", docx, "docx")]
)
def test_a_focal_point_uploads_and_the_chair_downloads_the_same_file(
    entry, token_for, name, make, kind
):
    data = make()

    sent = upload(token_for("delegate"), entry, name, data)
    got = download(token_for("chair"), entry)

    assert sent.status_code == 201
    assert (sent.json()["format"], sent.json()["size"]) == (kind, len(data))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == data
    assert f'filename="{name}"' in got["Content-Disposition"]
    if kind == "docx":
        with zipfile.ZipFile(BytesIO(data)) as package:
            assert "Statement of Slovenia" in package.read("word/document.xml").decode()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("statement.pdf", b"Just some text, called a PDF", "neither a PDF nor a Word"),
        ("statement.docx", b"PK\x03\x04 broken zip", "neither a PDF nor a Word"),
        ("statement.exe", b"MZ\x90\x00", "neither a PDF nor a Word"),
        ("statement.pdf", b"", "empty"),
    ],
)
def test_a_file_that_is_not_pdf_or_docx_is_refused(entry, token_for, name, data, words):
    response = upload(token_for("delegate"), entry, name, data)

    assert (response.status_code, response.json()["code"]) == (422, "bad_statement")
    assert words in response.json()["detail"]
    assert Statement.objects.count() == 0


def test_a_file_over_the_limit_is_refused_and_the_earlier_one_kept(entry, token_for, settings):
    first = pdf("First version")
    upload(token_for("delegate"), entry, "first.pdf", first)
    settings.HEMICYCLE_STATEMENT_MAX_BYTES = 1024 * 1024

    response = upload(token_for("delegate"), entry, "big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024))

    assert (response.status_code, response.json()["code"]) == (422, "bad_statement")
    assert "larger than 1 MB" in response.json()["detail"]
    assert b"".join(download(token_for("delegate"), entry).streaming_content) == first


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("outsider", 403), ("ngo", 403), ("secretariat", 200), ("delegate", 200)],
)
def test_who_may_read_a_statement(entry, token_for, civil_society, who, status):
    upload(token_for("delegate"), entry, "s.pdf", pdf())

    response = download(token_for(who) if who else {}, entry)

    assert response.status_code == status


def test_another_delegation_may_not_upload(entry, token_for, civil_society):
    response = upload(token_for("ngo"), entry, "s.pdf", pdf())

    assert response.status_code == 403
    assert Statement.objects.count() == 0


def test_a_statement_of_an_unknown_request_is_a_404(entry, token_for):
    assert upload(token_for("secretariat"), 999, "s.pdf", pdf()).status_code == 404
    assert download(token_for("secretariat"), entry).status_code == 404
