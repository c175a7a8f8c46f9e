"""What an import kind declares, and the cell checks every kind shares.

An app offers a kind of import by naming its classes in `import_kinds` on its AppConfig (as with
`home_panel`), so that this app imports none of the domain apps. A kind lists its columns and does
two things: `check(rows, user)`, the dry run that says what each row would do and what is wrong with
it, without writing; and `apply(rows, user)`, inside the confirm's transaction, which checks again
against the data as it is now and writes, or raises `Conflict` naming the rows that changed.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .reading import ImportFileError, Table, normalize_header

# Control characters (tab, line feed and carriage return are kept: they occur in notes) and NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a row aimed at a record outside the user's area is told.
OUT_OF_AREA = gettext_lazy("not in your area")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class Column:
    key: str  # the English name, accepted as a header too
    label: str  # the Chinese header of the template
    required: bool = False
    help: str = ""  # what the template's second sheet says of it
    aliases: tuple[str, ...] = ()  # other names registers use for it

    def names(self) -> set[str]:
        return {normalize_header(name) for name in (self.key, self.label, *self.aliases)}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Plan:
    """What a check found: per action the row numbers, the errors, and per changed row its changes."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    changes: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, field, old, new
    also: list[tuple[str, int]] = field(default_factory=list)  # what else the rows create: label, count

    def counts(self) -> dict:
        counts = {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged)}
        if self.also:
            counts["also"] = [[str(label), count] for label, count in self.also]
        return counts


class Conflict(Exception):
    """The data changed between the preview and the confirm; `errors` name the rows."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


class ImportKind:
    key: str
    label: str
    permission: str
    columns: list[Column]

    def available_to(self, user) -> bool:
        return user.has_perm(self.permission)

    def rows(self, table: Table) -> tuple[list[tuple[int, dict]], list[str]]:
        """The table's rows as {column key: cell}, and the headers it ignored. Headers are matched by
        name, not position; a missing required column makes the whole file unusable."""
        by_name = {name: column for column in self.columns for name in column.names()}
        positions, extra = {}, []
        for index, header in enumerate(table.headers):
            column = by_name.get(header)
            if column is None:
                if header:
                    extra.append(header)
            elif column.key not in positions:
                positions[column.key] = index
        missing = [column.label for column in self.columns if column.required and column.key not in positions]
        if missing:
            raise ImportFileError(
                _("Columns missing from the header row: %(columns)s. Download the template to see the column names.")
                % {"columns": "、".join(missing)}
            )
        rows = [
            (number, {key: cells[index] if index < len(cells) else None for key, index in positions.items()})
            for number, cells in table.rows
        ]
        return rows, extra

    def label_of(self, key: str) -> str:
        return next(column.label for column in self.columns if column.key == key)

    def parse(self, number: int, cells: dict, parsers) -> tuple[dict, list[RowError]]:
        """Each (column key, parser) of `parsers` applied to its cell: the values, and an error for
        each cell its parser refused."""
        values, errors = {}, []
        for key, parse in parsers:
            try:
                values[key] = parse(cells.get(key))
            except ValidationError as error:
                errors.append(RowError(number, self.label_of(key), " ".join(error.messages)))
        return values, errors

    def plan(self, rows, *, user, progress=None, for_update=False) -> tuple[Plan, dict]:
        """What each row would do, and the parsed rows by number; `for_update`: inside the confirm's
        transaction, with the records the rows name locked."""
        raise NotImplementedError

    def check(self, rows, *, user, progress=None) -> Plan:
        return self.plan(rows, user=user, progress=progress)[0]

    def planned(self, rows, *, user, progress=None) -> tuple[Plan, dict]:
        """For `apply`: the plan made again against the data as it is now, or Conflict naming the rows
        that no longer hold."""
        plan, parsed = self.plan(rows, user=user, progress=progress, for_update=True)
        if plan.errors:
            raise Conflict(plan.errors)
        return plan, parsed

    def apply(self, rows, *, user, progress=None) -> Plan:
        """Write the rows; `progress(rows done)` is called as they are checked again."""
        raise NotImplementedError


def kinds() -> dict[str, ImportKind]:
    found = {}
    for config in apps.get_app_configs():
        for path in getattr(config, "import_kinds", ()):
            kind = import_string(path)()
            found[kind.key] = kind
    return found


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in kinds().values() if kind.available_to(user)]


# Cells. Each returns the cleaned value or raises ValidationError with the reason.


def text(value, *, max_length: int | None = None) -> str:
    """A cell as text: numbers as Excel shows them, stripped; control characters refused. A leading
    = + - @ stays text as it is (nothing is ever evaluated)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%Y-%m-%d")
    result = str(value).strip()
    if CONTROL.search(result):
        raise ValidationError(_("contains control characters; retype the cell"))
    if max_length is not None and len(result) > max_length:
        raise ValidationError(_("longer than %(limit)d characters") % {"limit": max_length})
    return result


def date(value) -> datetime.date | None:
    """Excel dates, and dates typed as text: 2026-01-05, 2026/1/5, 2026年1月5日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    typed = unicodedata.normalize("NFKC", text(value)).replace(" ", "")
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(typed, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValidationError(_("not a date (write it as 2026-01-05)"))


def choice(value, choices, *, blank_allowed=True, aliases=None) -> str:
    """A code-table value by its code or its name: "01" or "汉族"; an Excel number 1 is code "01".
    `aliases` maps other names registers use ("预备") to codes."""
    typed = text(value)
    if not typed:
        if blank_allowed:
            return ""
        raise ValidationError(_("required"))
    by_code = {code: code for code in choices.values}
    by_label = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                by_label[normalize_header(label)] = code
                # A term in brackets alone names the choice too: 在职党员（报到） is also 报到.
                for term in re.findall(r"\(([^)]+)\)", unicodedata.normalize("NFKC", str(label))):
                    by_label[normalize_header(term)] = code
    for name, code in (aliases or {}).items():
        by_label[normalize_header(name)] = code
    width = max(len(code) for code in choices.values)
    found = (
        by_code.get(typed)
        or by_label.get(normalize_header(typed))
        or (typed.isdigit() and by_code.get(typed.zfill(width)))
    )
    if not found:
        raise ValidationError(_("“%(value)s” is not one of the allowed values") % {"value": typed[:20]})
    return found
