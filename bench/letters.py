"""How long every convening letter of the demo takes (207 letters, DOCX and PDF, and the enclosure).

    .venv/bin/python bench/letters.py [--repeat 3] [--workers 1 2]

In a temporary data directory: migrates, loads the demo, then writes every letter into a fresh
folder, as `hemicycle letters r2p-2013` does, once per repeat and per number of PDF workers
(default: one per core). Prints the wall time of each run, the CPU time of this process (with
one worker, the whole work: the PDFs are laid out here) and the load average before it (the
machine is shared: a run beside another engineer's tests is slower).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="*", default=[])
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="hemicycle-bench-letters-")
    try:
        run(Path(data), args.repeat, args.workers)
    finally:
        shutil.rmtree(data)


def run(data: Path, repeat: int, workers: list[int]) -> None:
    os.environ.update(HEMICYCLE_DATA_DIR=str(data), HEMICYCLE_DATABASE_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from hemicycle.convening import batch, pdf
    from hemicycle.demo import loader

    call_command("migrate", verbosity=0)
    meeting = loader.load()
    cores = pdf.workers()
    for count in workers or [cores]:
        pdf.workers = lambda count=count: count  # type: ignore[assignment]
        walls = []
        for i in range(repeat):
            load = os.getloadavg()[0]
            started, cpu = time.monotonic(), time.process_time()
            written = batch.write_letters(meeting, data / f"out-{count}-{i}")
            walls.append(time.monotonic() - started)
            cpu = time.process_time() - cpu
            print(
                f"{count} worker(s): {written} letters in {walls[-1]:.2f} s, this process's CPU"
                f" {cpu:.2f} s (load {load:.1f})"
            )
        print(f"{count} worker(s) of {cores} cores: median {statistics.median(walls):.2f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
