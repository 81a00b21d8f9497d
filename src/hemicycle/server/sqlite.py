"""SQLite: one connection held open for the life of the server process.

Django opens a connection for each request and closes it at the end (each request runs in a thread
of its own, and a connection belongs to its thread). When the last connection to a database in WAL
mode closes, SQLite copies the whole write-ahead log back into the database and deletes it: each
request would pay a checkpoint, and the next write would create the log afresh (measured in a
process without one held: a chair's command took 7 ms instead of 2, and 9 ms more after its
answer). The server used to be spared this only by accident (a start-up query's thread kept its
connection); now it is deliberate. With one connection held open the log stays, and SQLite
checkpoints it by itself as it grows (every 1,000 pages). The held connection never reads or
writes, so it blocks nothing.
"""

import sqlite3

from django.db import connections

_held: sqlite3.Connection | None = None


def hold_open() -> None:
    global _held
    settings = connections["default"].settings_dict
    if _held is not None or settings["ENGINE"] != "django.db.backends.sqlite3":
        return
    _held = sqlite3.connect(str(settings["NAME"]), check_same_thread=False)
    _held.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file and its log


def release() -> None:
    global _held
    if _held is not None:
        _held.close()
        _held = None
