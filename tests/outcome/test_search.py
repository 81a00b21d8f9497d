"""Search over the statements as delivered: the same answers on SQLite (FTS5) and PostgreSQL
(`make test-postgres` runs this file again there), the filters, what each role may find, and
queries refused with a clear 4xx."""

import pytest
from django.db import connection
from django.test import Client

from hemicycle.outcome.models import ThemeTag


def found(client, **params):
    response = client.get("/api/v1/statements/search", params)
    assert response.status_code == 200, response.content
    return [hit["delegation"] for hit in response.json()["results"]]


def as_(who, accounts):
    client = Client()
    if who:
        client.force_login(accounts[who])
    return client


def test_the_index_is_the_databases_own(finished):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'outcome_publication_fts'")
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'outcome_publication_text_search'"
            )
        (definition,) = cursor.fetchone()
    assert definition == "outcome_publication_fts" or "USING gin" in definition


def test_every_word_must_occur(finished):
    client = Client()

    assert found(client, q="prevention") == ["GHA"]  # SVN's says it too, but is not for publication
    assert sorted(found(client, q="lessons")) == ["BRA"]
    assert found(client, q="prevention lessons") == []
    assert found(client, q="PREVENTION") == ["GHA"]
    assert found(client, q="alerte") == ["GHA"]  # the French version, a PDF


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["GHA"]),
        ("outsider", ["GHA"]),
        ("delegate", ["GHA", "SVN"]),
        ("chair", ["GHA", "SVN"]),
        ("secretariat", ["GHA", "SVN"]),
    ],
)
def test_unpublished_statements_are_found_only_by_those_who_may_read_them(
    finished, accounts, who, expected
):
    assert sorted(found(as_(who, accounts), q="prevention")) == expected
    assert ("CHN" in found(as_(who, accounts), q="sovereignty")) == (
        who in ("chair", "secretariat")
    )


def test_filters(finished):
    client = Client()
    ThemeTag.objects.create(
        meeting=finished.meeting,
        entry=finished.entries["BRA"],
        theme="Lessons learned",
        tagged_by="t",
    )

    assert found(client, q="the", delegation="gha") == ["GHA"]
    assert found(client, q="the", regional_group="GRULAC") == ["BRA"]
    assert found(client, q="the", group_statement="true") == ["BRA"]
    assert found(client, q="the", group_statement="false") == ["GHA"]
    assert found(client, q="the", theme="Lessons learned") == ["BRA"]
    assert found(client, q="the", language="fr") == []
    assert found(client, q="le", language="fr") == ["GHA"]
    assert found(client, q="the", meeting="dialogue", delegation="BRA") == ["BRA"]
    assert found(client, q="the", meeting="elsewhere") == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"early warning"', "plain words"),
        ("prev*", "plain words"),
        ("prevention OR sovereignty", "plain words"),
        ("prevention -sovereignty", "plain words"),
        ("text:prevention", "plain words"),
        ("x" * 10_000, "at most 200 characters"),
        ("   ", "at least one word"),
    ],
)
def test_a_query_with_operators_or_too_long_is_refused_clearly(finished, query, words):
    api = Client().get("/api/v1/statements/search", {"q": query})
    page = Client().get("/statements/search/", {"q": query})

    assert api.status_code == 422
    assert words in api.json()["detail"]
    assert page.status_code == 400
    assert words in page.content.decode()


def test_the_page_marks_the_words_found(finished):
    page = Client().get("/statements/search/", {"q": "early warning"}).content.decode()

    assert "1 statement found" in page
    assert "<mark>early</mark> <mark>warning</mark>" in page


def test_a_nul_in_a_filter_finds_nothing_rather_than_failing(finished):
    assert found(Client(), q="the", delegation="GH\x00A") == ["GHA"]
