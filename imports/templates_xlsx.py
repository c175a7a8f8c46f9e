"""The downloadable template of a kind, and the error report of a batch, as .xlsx workbooks."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font


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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "错误"
    sheet.append(["行号", "列", "原因"])
    for row, column, message in batch.errors:
        sheet.append([row, column, _as_text(message)])
    return _saved(workbook)


def _as_text(value: str) -> str:
    # A cell written by the portal never starts a formula in the reader's Excel.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
