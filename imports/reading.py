"""Reading an uploaded register: an .xlsx workbook or a .csv file, into a header row and data rows.

Everything that makes a file unreadable is an `ImportFileError` with a message for the user, raised
before a row is looked at: too large, empty, not what its name says (an "xlsx" that is an HTML page
saved by a browser, a password-protected workbook), an encoding that is neither UTF-8 nor GB18030.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# What the first bytes of a file say it is.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and the container of an encrypted .xlsx


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why, in the user's language."""


@dataclass
class Table:
    headers: list[str]  # normalised (normalize_header) for matching
    raw_headers: list
    # (row number as the user sees it in Excel, the row's cells)
    rows: list[tuple[int, list]] = field(default_factory=list)


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > limit:
        raise ImportFileError(
            _("The file is %(size).1f MB; at most %(limit).0f MB can be imported at once. Split it into smaller files.")
            % {"size": size / 1e6, "limit": limit / 1e6}
        )


def read_table(content: bytes, name: str) -> Table:
    """The header row and the data rows of `content`, a file called `name`. Rows with no value at all
    are left out; trailing empty cells are kept as None."""
    check_size(len(content))
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx":
        rows = _xlsx_rows(content)
    elif suffix == "csv":
        rows = _csv_rows(content)
    else:
        raise ImportFileError(_("Only .xlsx workbooks and .csv files can be imported."))
    table = None
    for number, cells in rows:
        if table is None:
            if not any(_present(cell) for cell in cells):
                continue  # blank lines above the header
            table = Table(headers=[normalize_header(cell) for cell in cells], raw_headers=list(cells))
            continue
        if any(_present(cell) for cell in cells):
            if len(table.rows) >= settings.IMPORT_MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(limit)d rows; split it into files of at most %(limit)d rows.")
                    % {"limit": settings.IMPORT_MAX_ROWS}
                )
            table.rows.append((number, list(cells)))
    if table is None:
        raise ImportFileError(_("The file has no header row: the first row must hold the column names."))
    if not table.rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return table


def normalize_header(cell) -> str:
    """Column names as typed by people: full-width letters and brackets, spaces, a trailing colon or an
    asterisk marking a required column are all the same name."""
    text = unicodedata.normalize("NFKC", str(cell or ""))
    return "".join(text.split()).strip("*:").lower()


def _present(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    if content.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("The workbook is password-protected or an old .xls file: save it as .xlsx without a password.")
        )
    if not content.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _("The file is called .xlsx but is not an Excel workbook (it may be a web page saved under that name).")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The workbook cannot be read: it is damaged or not an .xlsx file.")) from error
    sheet = workbook.worksheets[0]
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    text = None
    # Excel in China writes GB18030 (a superset of GBK and GB2312); other tools write UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise ImportFileError(
            _("The .csv file is neither UTF-8 nor GBK/GB18030 text: save it again as CSV from Excel.")
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    yield from enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1)
