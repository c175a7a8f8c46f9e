"""The downloadable template of a kind, and the error report of a batch, as .xlsx workbooks."""

import io
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Font

from .reading import read_table


def template_workbook(kind) -> bytes:
    """Sheet 1: the Chinese column names (required ones marked *); sheet 2: what each column takes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入数据"
    sheet.append([column.label for column in kind.columns])
    for cell, column in zip(sheet[1], kind.columns, strict=True):
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        sheet.column_dimensions[cell.column_letter].width = max(10, 2 * len(column.label) + 4)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "必填", "英文列名", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        notes.append([column.label, "是" if column.required else "", column.key, column.help])
    notes.column_dimensions["D"].width = 80
    return _saved(workbook)


def error_workbook(batch) -> bytes:
    """The uploaded rows with a last column "错误" saying what is wrong with each, to be corrected in
    place and uploaded again; without the file (cleared after a while), the list of errors alone."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "错误"
    by_row = defaultdict(list)
    for row, column, message in batch.errors:
        by_row[row].append(f"{column}：{message}")
    if batch.content:
        table = read_table(bytes(batch.content), batch.file_name)
        sheet.append([_as_text(_cell(cell)) for cell in table.raw_headers] + ["错误"])
        for number, cells in table.rows:
            sheet.append([_as_text(_cell(cell)) for cell in cells] + ["；".join(by_row.get(number, []))])
        sheet.cell(row=1, column=len(table.raw_headers) + 1).font = Font(bold=True, color="C00000")
    else:
        sheet.append(["行号", "错误"])
        for number, messages in sorted(by_row.items()):
            sheet.append([number, "；".join(messages)])
    return _saved(workbook)


def _cell(value):
    return "" if value is None else value if isinstance(value, int | float) else str(value)


def _as_text(value):
    # A cell written by the portal never starts a formula in the reader's Excel.
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
