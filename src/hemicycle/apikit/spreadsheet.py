"""CSV that a spreadsheet opens as text: a cell that begins like a formula is written with a quote
before it (OWASP's rule for CSV injection), so `=HYPERLINK(…)` in a speaker's name stays a name."""

import csv
from collections.abc import Iterable
from typing import Any

# Excel, LibreOffice and Google Sheets start a formula at any of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """`value` as a spreadsheet should show it: text that would start a formula gets a leading `'`;
    numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """`csv.writer` whose every text cell goes through `cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])
