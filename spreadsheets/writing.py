"""Spreadsheet files out: XLSX with typed cells and CSV that Chinese Excel opens, formulas
defused; blank templates with notes on every column."""

import codecs
import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .files import SpreadsheetError
from .parsing import FORMULA_TRIGGERS

EXCEL_CELL_LIMIT = 32767  # characters; Excel refuses to open a workbook with a longer cell

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def escape_formula(value):
    """`=1+2` → `'=1+2`: text a spreadsheet program would run as a formula is shown as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return escape_formula(str(value))


def write_csv(headers, rows):
    """CSV bytes in UTF-8 with a BOM, so that Chinese Excel opens it without mojibake."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Promise):  # a translatable label
        value = str(value)
    if isinstance(value, str):
        return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value  # numbers, dates and datetimes stay typed cells


def _header_cells(sheet, headers):
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        cells.append(cell)
    return cells


def _column_widths(sheet, headers, widths=None):
    """Wide enough for the header (a Chinese character is two units wide) and for what the
    column usually holds (`widths`, by header)."""
    for index, header in enumerate(headers, start=1):
        width = max(10, min(40, len(header) * 2 + 4), (widths or {}).get(header) or 0)
        sheet.column_dimensions[get_column_letter(index)].width = width


def fitted(headers, row, number, truncate=False):
    """The row's cells, each within Excel's cell limit: cut short with `truncate`, else the
    row is refused."""
    cells = list(row)
    for index, (header, value) in enumerate(zip(headers, cells, strict=False)):
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
            if truncate:
                cells[index] = value[: EXCEL_CELL_LIMIT - 20] + "…（内容过长，已截断）"
                continue
            raise SpreadsheetError(
                f"第{number}行「{header}」有 {len(value):,} 字，超过 Excel 单元格上限"
                f"（{EXCEL_CELL_LIMIT:,} 字），无法导出为 .xlsx：请导出 CSV。"
            )
    return cells


def write_xlsx(headers, rows, title="数据", truncate=False):
    """XLSX bytes: one sheet, bold frozen header row, typed numbers and dates; `rows` may be
    any iterable, read once."""
    if not truncate:  # refuse before writing anything
        rows = list(rows)
        for number, row in enumerate(rows, start=2):
            fitted(headers, row, number)
    out = io.BytesIO()
    write_xlsx_file(out, headers, rows, title, truncate)
    return out.getvalue()


def write_spreadsheet(kind, headers, rows):
    return (write_xlsx if kind == "xlsx" else write_csv)(headers, rows)


def write_template(headers, notes, widths=None):
    """A blank XLSX template: the header row, and a sheet explaining each column.

    `notes` is a list of (header, required, explanation); `widths` the columns' widths.
    """
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("数据")
    _column_widths(data, headers, widths)
    data.freeze_panes = "A2"
    data.append(_header_cells(data, headers))

    sheet = workbook.create_sheet("填写说明")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 90
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(
        [
            "在“数据”工作表中填写：第1行为表头，请勿修改；数据从第2行开始，每行一条记录。"
            "可保存为 .xlsx，或另存为 CSV（UTF-8 或 GBK 编码）。"
        ]
    )
    sheet.append([])
    sheet.append(_header_cells(sheet, ["表头", "必填", "填写说明"]))
    for header, required, explanation in notes:
        cells = [
            WriteOnlyCell(sheet, value=v) for v in (header, "是" if required else "", explanation)
        ]
        cells[2].alignment = wrap
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_chunks(headers, rows, rows_per_chunk=500):
    """CSV as a stream of byte chunks (UTF-8 with a BOM, as write_csv): memory stays flat
    however many rows there are, and the first bytes leave before the last row is read."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    yield codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
    out.seek(0)
    out.truncate()
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_value(v) for v in row])
        if number % rows_per_chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")


def write_xlsx_file(target, headers, rows, title="数据", truncate=True):
    """Write an XLSX to `target` (a path or a binary file) row by row, without holding the
    rows in memory; over-long cells are cut short (or refused, without `truncate`)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    _column_widths(sheet, headers)
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet, headers))
    for number, row in enumerate(rows, start=2):
        sheet.append([xlsx_value(v) for v in fitted(headers, row, number, truncate)])
    workbook.save(target)
