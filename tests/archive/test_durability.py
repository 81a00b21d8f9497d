"""A receipt given is never lost, even on power failure: every connection that writes the log
commits to the disk before it answers (SQLite in WAL mode with synchronous=FULL; PostgreSQL with
synchronous_commit=on, set explicitly whatever the server's default)."""

import os
import subprocess
import sys
import threading

from django.db import connection, connections


def durability(cursor):
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        return mode, cursor.fetchone()[0]
    cursor.execute("SHOW synchronous_commit")
    return cursor.fetchone()[0]


def expected():
    return ("wal", 2) if connection.vendor == "sqlite" else "on"  # 2: FULL


def test_the_connection_commits_to_the_disk(db):
    with connection.cursor() as cursor:
        assert durability(cursor) == expected()


def test_so_does_a_new_threads_connection_as_the_writers_is(db):
    found = []

    def writer_like():
        try:
            with connections["default"].cursor() as cursor:
                found.append(durability(cursor))
        finally:
            connections["default"].close()

    thread = threading.Thread(target=writer_like)
    thread.start()
    thread.join()

    assert found == [expected()]


def test_postgresql_is_told_synchronous_commit_on():
    env = {**os.environ, "HEMICYCLE_DATABASE_URL": "postgresql://someone@db.example:5432/hc"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hemicycle import settings; print(settings.DATABASES['default']['OPTIONS'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert "'options': '-c synchronous_commit=on'" in done.stdout
