"""L5: a statement replaced leaves no file behind (the guard's 413 before reading is in
test_transport.py)."""

from hemicycle.inscription.models import Statement
from tests.inscription.documents import docx
from tests.inscription.test_statements import entry, upload  # noqa: F401  (the fixture)


def test_a_replaced_statement_file_is_deleted(
    entry,  # noqa: F811
    token_for,
    django_capture_on_commit_callbacks,
):
    delegate = token_for("delegate")
    with django_capture_on_commit_callbacks(execute=True):
        upload(delegate, entry, "first.docx", docx("First draft"))
    first = Statement.objects.get().path
    with django_capture_on_commit_callbacks(execute=True):
        upload(delegate, entry, "second.docx", docx("Second draft"))
    second = Statement.objects.get().path

    assert first != second
    assert not first.exists()
    assert second.exists()
    assert sorted(p.name for p in second.parent.iterdir()) == [second.name]


def test_the_same_file_sent_again_is_kept(
    entry,  # noqa: F811
    token_for,
    django_capture_on_commit_callbacks,
):
    delegate = token_for("delegate")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(delegate, entry, "same.docx", docx("Same text"))

    assert Statement.objects.get().path.exists()
