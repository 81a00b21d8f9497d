"""Focal points in bulk, from a CSV file: read and checked whole first (a preview, with an error
for each bad row), imported only when every row is good, in one transaction.

The file has a header row with the columns `delegation` (its code: FRA, EU), `name`, `email` and,
optionally, `administrator` (yes/no). Commas or semicolons separate the columns.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from hemicycle.accounts import invitations
from hemicycle.accounts.models import FocalPoint
from hemicycle.accounts.staff import StaffError
from hemicycle.delegations.models import Delegation

COLUMNS = ("delegation", "name", "email")
MAX_ROWS = 2000
YES = {"yes", "y", "true", "1", "oui", "x"}
NO = {"", "no", "n", "false", "0", "non"}


@dataclass
class Row:
    line: int  # in the file, the header being line 1
    code: str
    name: str
    email: str
    administers: bool = False
    delegation: Delegation | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of the file as a whole

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.errors for r in self.rows)

    def errors(self) -> dict[str, str]:
        """Every problem, by where it is: "file", or "line N"."""
        found = {"file": " ".join(self.problems)} if self.problems else {}
        for row in self.rows:
            if row.errors:
                found[_("line %(n)s") % {"n": row.line}] = " ".join(row.errors)
        return found


def read(text: str) -> Preview:
    """Every row of `text` with what is wrong with it; nothing is written."""
    preview = Preview()
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        preview.problems.append(_("The file is empty: its first line names the columns."))
        return preview
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        preview.problems.append(
            _("The first line must name the columns %(columns)s; %(missing)s is missing.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
        return preview
    reader.fieldnames = header
    try:
        for line, raw in enumerate(reader, start=2):
            if not any(value.strip() for value in raw.values() if isinstance(value, str)):
                continue  # a blank line
            if len(preview.rows) == MAX_ROWS:
                preview.problems.append(
                    _("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS}
                )
                break
            preview.rows.append(_row(line, raw))
    except csv.Error as unreadable:
        preview.problems.append(
            _("Line %(n)s cannot be read as CSV (%(why)s); save the file as CSV and send it again.")
            % {"n": reader.line_num + 1, "why": unreadable}
        )
        return preview
    if not preview.rows and not preview.problems:
        preview.problems.append(_("The file names nobody: add one row per focal point."))
    _check(preview.rows)
    return preview


def _text(raw: dict[str, object], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def _row(line: int, raw: dict[str, object]) -> Row:
    row = Row(
        line,
        _text(raw, "delegation").upper(),
        _text(raw, "name"),
        _text(raw, "email").lower(),
    )
    flag = _text(raw, "administrator").lower()
    if flag in YES:
        row.administers = True
    elif flag not in NO:
        row.errors.append(
            _("“%(value)s” in the column administrator: write yes or no.") % {"value": flag}
        )
    if not row.name:
        row.errors.append(_("The name is missing."))
    if len(row.name) > 150:
        row.errors.append(_("The name is longer than 150 characters."))
    try:
        validate_email(row.email)
    except ValidationError:
        row.errors.append(_("“%(email)s” is not an e-mail address.") % {"email": row.email})
    return row


def _check(rows: list[Row]) -> None:
    """What needs the other rows or the database: the codes, the repeated e-mails, the focal
    points that exist already."""
    found = {d.code: d for d in Delegation.objects.filter(code__in={r.code for r in rows})}
    first_line: dict[str, int] = {}
    for row in rows:
        row.delegation = found.get(row.code)
        if row.delegation is None:
            row.errors.append(
                _("There is no delegation with the code “%(code)s”; see /api/v1/delegations.")
                % {"code": row.code}
            )
        if row.email in first_line:
            row.errors.append(
                _("%(email)s is already on line %(line)s: one row per person.")
                % {"email": row.email, "line": first_line[row.email]}
            )
        else:
            first_line[row.email] = row.line
    existing = {
        (email.lower(), code)
        for email, code in FocalPoint.objects.filter(user__email__in=set(first_line)).values_list(
            "user__email", "delegation__code"
        )
    }
    for row in rows:
        if (row.email, row.code) in existing:
            row.errors.append(
                _("%(email)s is already a focal point of %(code)s.")
                % {"email": row.email, "code": row.code}
            )


def import_rows(preview: Preview, invited_by: str) -> list[FocalPoint]:
    """Make every row a focal point (all or none), then send the invitations."""
    if not preview.valid:
        raise StaffError(_("Correct the file first: nothing was imported."))
    made: list[tuple[User, FocalPoint]] = []
    with transaction.atomic():
        for row in preview.rows:
            assert row.delegation is not None  # a valid preview found every delegation
            user = invitations.account_for(row.email, row.name)
            point = FocalPoint.objects.create(
                user=user, delegation=row.delegation, administers=row.administers
            )
            made.append((user, point))
    for user, point in made:
        invitations.send(user, point.delegation, invited_by)
    return [point for _user, point in made]
