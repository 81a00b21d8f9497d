"""The `hemicycle` command as a newcomer meets it."""

import os
import subprocess
import sys


def test_demo_loads_the_seed_meeting_and_prints_pages_and_accounts(tmp_path):
    env = {
        "HEMICYCLE_DATA_DIR": str(tmp_path),
        "HEMICYCLE_DATABASE_URL": "",
        "PATH": "",
        # A worktree's own sources first, as the suite runs them (empty: the installed package).
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }

    def demo(*args):
        return subprocess.run(
            [sys.executable, "-m", "hemicycle", "demo", "--no-serve", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def events():
        count = (
            "from hemicycle.proceedings.models import FloorEvent; "
            "print(FloorEvent.objects.filter(meeting__slug='r2p-2013').count())"
        )
        return subprocess.run(
            [sys.executable, "-m", "hemicycle", "shell", "-c", count],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]  # after the shell's own notice of what it imported

    first = demo("--port", "8123")
    logged = events()
    again = demo()
    token = subprocess.run(
        [sys.executable, "-m", "hemicycle", "token", "delegate"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert "http://127.0.0.1:8123/meetings/r2p-2013/" in first
    assert "http://127.0.0.1:8123/meetings/r2p-2013/console/" in first
    assert "http://127.0.0.1:8123/meetings/r2p-2013/display/" in first
    for account in ("secretariat", "chair", "delegate"):
        assert f"    {account} " in first
    assert "http://127.0.0.1:8000/meetings/r2p-2013/" in again
    assert "http://127.0.0.1:8123/meetings/r2p-2013-finished/summary/" in first
    assert events() == logged == "73"  # the demo is loaded once: its log is not replayed again
    assert token.startswith("hc_")
    assert (tmp_path / "hemicycle.sqlite3").exists()
