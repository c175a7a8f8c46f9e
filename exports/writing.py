"""Writing rows out as .xlsx or .csv: what a list declares (`ListExport`, its `Column`s) and the two
writers, which take the rows one at a time so that memory stays flat whatever their number.

Every sheet has its header in bold on the first row, frozen, with column widths; dates and numbers are
real Excel dates and numbers. A text cell that begins with = + - @, a tab or a carriage return is
written as text (.xlsx: a string cell, never a formula; .csv: with a leading apostrophe), so that
nothing a resident's name holds is ever evaluated by a spreadsheet.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # (row, context) -> the cell's value
    width: int = 12
    number_format: str | None = None  # e.g. "0.0%"


@dataclass(frozen=True)
class Formatted:
    """A number with a format of its own, where a column holds values of several kinds (a summary's
    counts and rates): Formatted(0.904, "0.0%") shows 90.4%."""

    value: object
    number_format: str


@dataclass(frozen=True)
class Context:
    """What a column may depend on besides its row: who exports, and whether they see full personal data."""

    user: object
    full: bool


class ListExport:
    """What a list exports: a title (the sheet's and the file's name), its columns for a context, and
    the queryset tuned for them (related rows joined or prefetched, so that rows cost no query each).

    `personal` says whether some column shows ID numbers or phones: exported in full (by a user with
    the permission), the export is recorded as a disclosure of personal data."""

    title: str
    personal = False
    # The order of the rows, when it matters more than their number (a register sorted by unit):
    # such rows are read in one go. Without it rows go out by primary key, read a chunk at a time.
    ordering: tuple = ()

    def columns(self, context: Context) -> list[Column]:
        raise NotImplementedError

    def prepare(self, queryset, context: Context):
        return queryset

    def full_data(self, user) -> bool:
        return self.personal and user.has_perm("residents.view_full_personal_data")


def display(path: str):
    """A column's value: the label of the choice at `path` ("gender", "activity.kind"), the labels
    read once per export (get_FOO_display reads and hashes the field's choices at every cell)."""
    *heads, name = path.split(".")
    labels = None

    def value(row, context):
        nonlocal labels
        for head in heads:
            row = getattr(row, head)
        if labels is None:
            labels = choice_labels(type(row), name)
        code = getattr(row, name)
        return labels.get(code, code)

    return value


def choice_labels(model, name) -> dict:
    return {code: str(label) for code, label in model._meta.get_field(name).flatchoices}


CHUNK = 2000


def rows_of(queryset, ordering=()):
    """The rows of `queryset`, in `ordering`, or by primary key in chunks of CHUNK: each chunk is one
    query (`pk > last`, over the primary key's index) with its prefetches, so that memory holds one
    chunk whatever the number of rows, without server-side cursors (which connection poolers in
    transaction mode do not keep)."""
    if ordering:
        yield from queryset.order_by(*ordering)
        return
    last = None
    while True:
        chunk = queryset.order_by("pk")
        chunk = list((chunk if last is None else chunk.filter(pk__gt=last))[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].pk


def cell_value(value):
    """A Python value as a spreadsheet cell: aware times in local time without a zone (Excel has none),
    Decimals as floats, None and "" as an empty cell, everything else as text."""
    if value == "":
        return None
    if isinstance(value, Formatted):
        return value if value.value is not None else None
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    # Control characters pasted into a note: not allowed in a workbook, and nothing a reader sees.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows (any iterable, read once)."""

    title: str
    columns: list
    rows: Iterable


def write_xlsx(
    columns: list[Column], rows: Iterable, context: Context, *, file, title: str, about: list, progress=None
) -> int:
    """The rows as an .xlsx into `file` (binary); their number. `about` (label, value) pairs go on a
    second sheet, 说明: area, filters, who and when."""
    return write_workbook([Sheet(title, columns, rows)], context, file=file, about=about, progress=progress)


def write_workbook(sheets: list[Sheet], context: Context, *, file, about: list, progress=None) -> int:
    """Sheets as an .xlsx into `file` (binary), written with openpyxl's constant-memory writer; the
    number of rows of the first sheet. The 说明 sheet comes last."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    counts = []
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=str(column.header))
            cell.font = bold
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        sheet.append(header)
        count = 0
        for count, row in enumerate(spec.rows, start=1):
            sheet.append([_xlsx_cell(sheet, column, cell_value(column.value(row, context))) for column in spec.columns])
            if progress and count % 2000 == 0:
                progress(count)
        counts.append(count)
    notes = workbook.create_sheet("说明")
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 60
    rows_note = [("行数", counts[0])] if len(sheets) == 1 else []
    for label, value in [*about, *rows_note]:
        notes.append([_text_cell(notes, str(label), bold), _text_cell(notes, str(value))])
    workbook.save(file)
    return counts[0] if counts else 0


def sheet_title(title) -> str:
    """A sheet's name as Excel allows it: at most 31 characters, none of []:*?/\\."""
    return "".join("、" if char in "[]:*?/\\" else char for char in str(title))[:31]


def _xlsx_cell(sheet, column, value):
    if isinstance(value, Formatted):
        cell = WriteOnlyCell(sheet, value=cell_value(value.value))
        cell.number_format = value.number_format
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it begins with
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif column.number_format:
        cell.number_format = column.number_format
    return cell


def _text_cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def write_csv(columns: list[Column], rows: Iterable, context: Context, *, file, progress=None) -> int:
    """The rows as a .csv into `file` (binary), in UTF-8 with a BOM, which Excel in China opens
    without garbling; their number."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([str(column.header) for column in columns])
    count = 0
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_text(cell_value(column.value(row, context))) for column in columns])
        if progress and count % 2000 == 0:
            progress(count)
    text.flush()
    text.detach()  # leave `file` open for the caller
    return count


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text
