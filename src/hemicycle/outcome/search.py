"""Full-text search over the statements as delivered, across meetings, behind one interface:
PostgreSQL's full-text search (a stored `to_tsvector('simple', text)` under a GIN index) or
SQLite's FTS5 (the table `outcome_publication_fts`, kept by triggers); both made by migration 0003.

A query is plain words, all of which must occur; operators of either engine are refused rather than
passed through, so that one query finds the same statements on both. The `simple` configuration and
FTS5's `unicode61` tokenizer neither stem nor drop stop words: across six languages that is the one
behaviour both engines share."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_noop

from hemicycle import floor
from hemicycle.outcome import publication
from hemicycle.outcome.models import Publication, ThemeTag

MAX_CHARS = 200
MAX_WORDS = 12
COUNT_UP_TO = 1000  # past this a search says "more than 1,000" rather than count every match
# The operators of FTS5 and of tsquery, and the punctuation that makes them.
OPERATOR = re.compile(r"""["*:^()&|!<>~{}\[\]+\\]|(?:^|\s)-\S|\b(?:AND|OR|NOT|NEAR)\b""")
WORD = re.compile(r"\w+", re.UNICODE)


class BadQuery(floor.FloorError):
    kind = "invalid"
    code = "bad_query"


def words_of(query: str) -> list[str]:
    """The query's words, or a BadQuery that says what to send instead."""
    if len(query) > MAX_CHARS:
        raise BadQuery(
            gettext_noop("Search for at most {limit} characters of plain words."), limit=MAX_CHARS
        )
    if OPERATOR.search(query):
        raise BadQuery(
            gettext_noop(
                "Search for plain words: quotes, wildcards, brackets and operators such as "
                "AND, OR, NOT or a leading minus are not supported."
            )
        )
    found = WORD.findall(query)
    if not found:
        raise BadQuery(gettext_noop("Type at least one word to search for."))
    if len(found) > MAX_WORDS:
        raise BadQuery(gettext_noop("Search for at most {limit} words."), limit=MAX_WORDS)
    return [w.lower() for w in found]


@dataclass(frozen=True)
class Filters:
    meeting: str = ""  # slug
    delegation: str = ""
    regional_group: str = ""
    group_statement: bool | None = None
    theme: str = ""
    language: str = ""


@dataclass(frozen=True)
class Hit:
    row: Publication
    snippet: str  # plain text; the page marks the words itself
    delivered_at: datetime | None


def _filtered(rows: QuerySet[Publication], filters: Filters) -> QuerySet[Publication]:
    if filters.meeting:
        rows = rows.filter(meeting__slug=filters.meeting)
    if filters.delegation:
        rows = rows.filter(delegation=filters.delegation.upper())
    if filters.regional_group:
        rows = rows.filter(regional_group=filters.regional_group)
    if filters.group_statement is not None:
        rows = (
            rows.exclude(on_behalf_of="")
            if filters.group_statement
            else rows.filter(on_behalf_of="")
        )
    if filters.language:
        rows = rows.filter(language=filters.language)
    if filters.theme:
        tagged = ThemeTag.objects.filter(
            meeting=OuterRef("meeting"), entry=OuterRef("entry"), theme=filters.theme
        )
        rows = rows.filter(Exists(tagged))
    return rows


def _matching(rows: QuerySet[Publication], words: list[str]) -> QuerySet[Publication]:
    if connection.vendor == "postgresql":
        # The stored vector of migration 0003, under its GIN index.
        return rows.extra(
            where=["outcome_publication.search_vector @@ plainto_tsquery('simple'::regconfig, %s)"],
            params=[" ".join(words)],
        )
    match = " ".join(f'"{w}"' for w in words)  # words only: quoting cannot be escaped from
    return rows.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM outcome_publication_fts WHERE outcome_publication_fts MATCH %s",
            [match],
        )
    )


def snippet(text: str, words: list[str], width: int = 240) -> str:
    """A stretch of `text` around the first of `words` found in it."""
    lowered = text.lower()
    at = min((i for w in words if (i := lowered.find(w)) >= 0), default=0)
    start = max(0, at - width // 3)
    part = " ".join(text[start : start + width].split())
    return ("…" if start else "") + part + ("…" if start + width < len(text) else "")


def search(
    user: Any, query: str, filters: Filters = Filters(), *, limit: int = 20, offset: int = 0
) -> tuple[int, list[Hit]]:
    """The statements `user` may read that hold every word of `query`, the latest delivered first:
    the count of them all (up to COUNT_UP_TO + 1: more means "more than COUNT_UP_TO"), and one page. (Not by relevance: ranking costs both engines a pass over
    every match, and the archive's order is the same on both.)"""
    words = words_of(query)
    # No text column holds a NUL, and PostgreSQL cannot even compare one.
    filters = Filters(
        **{
            name: value.replace("\x00", "") if isinstance(value, str) else value
            for name, value in vars(filters).items()
        }
    )
    publication.sync_all()
    rows = publication.visible_to(user, Publication.objects.all())
    rows = _matching(_filtered(rows, filters), words)
    total = rows.order_by()[: COUNT_UP_TO + 1].count()
    page = rows.select_related("meeting", "statement").order_by("-delivered_at", "-pk")[
        offset : offset + limit
    ]
    return total, [Hit(row, snippet(row.text, words), row.delivered_at) for row in page]


def marked(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each saying whether it is one of `words` (for the page's <mark>)."""
    if not words:
        return [(text, False)]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in pattern.finditer(text):
        pieces += [(text[at : found.start()], False), (found.group(0), True)]
        at = found.end()
    return [*pieces, (text[at:], False)]
