"""The search's index on each database: a stored tsvector with a GIN index on PostgreSQL, an FTS5
table kept by triggers on SQLite (search.py queries them)."""

from typing import Any

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE outcome_publication_fts USING fts5(text, content='outcome_publication', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', detail=none)",
    "CREATE TRIGGER outcome_publication_fts_ai AFTER INSERT ON outcome_publication BEGIN "
    "INSERT INTO outcome_publication_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER outcome_publication_fts_ad AFTER DELETE ON outcome_publication BEGIN "
    "INSERT INTO outcome_publication_fts(outcome_publication_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER outcome_publication_fts_au AFTER UPDATE OF text ON outcome_publication BEGIN "
    "INSERT INTO outcome_publication_fts(outcome_publication_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO outcome_publication_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO outcome_publication_fts(outcome_publication_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS outcome_publication_fts_ai",
    "DROP TRIGGER IF EXISTS outcome_publication_fts_ad",
    "DROP TRIGGER IF EXISTS outcome_publication_fts_au",
    "DROP TABLE IF EXISTS outcome_publication_fts",
]
# A stored vector (not an index on the expression): a query the planner answers by scanning, or a
# recheck, then never computes to_tsvector again. Stripped of positions (the search has neither
# phrases nor ranking) and kept in the row (STORAGE MAIN) rather than out of line: out of line, the
# table looks small to the planner, which then scans it and reads every vector from TOAST instead of
# using the index (124 ms against 6 ms for a rare word on 10,000 statements). The column is
# PostgreSQL's own; Django does not know it (a later change to `text` must drop and re-add it).
POSTGRESQL = [
    "ALTER TABLE outcome_publication ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, text))) STORED",
    "ALTER TABLE outcome_publication ALTER COLUMN search_vector SET STORAGE MAIN",
    "CREATE INDEX outcome_publication_text_search ON outcome_publication USING gin (search_vector)",
]
POSTGRESQL_UNDO = [
    "DROP INDEX IF EXISTS outcome_publication_text_search",
    "ALTER TABLE outcome_publication DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("outcome", "0002_text_last")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
