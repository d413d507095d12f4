"""Spreadsheet files built in memory for the import tests."""

import csv
import io

from openpyxl import Workbook, load_workbook


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_rows(data, sheet=0):
    """The cells of an XLSX file: [[cell, …], …], with types and number formats."""
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.worksheets[sheet].iter_rows()]


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def import_rows(resource, rows, kind="csv", encoding="utf-8", dry_run=False, **kwargs):
    """Run `resource` (an instance) over `rows` written as a file of `kind`."""
    from spreadsheets.files import read_spreadsheet

    data = xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows, encoding)
    return resource.import_data(read_spreadsheet(data, kind), dry_run=dry_run, **kwargs)


def export_rows(resource, queryset, kind="csv"):
    """`resource`'s export of `queryset` as the rows of a written file, read back."""
    from spreadsheets.files import read_spreadsheet
    from spreadsheets.writing import write_csv, write_xlsx

    headers, rows = resource.export_rows(queryset)
    data = (write_xlsx if kind == "xlsx" else write_csv)(headers, rows)
    dataset = read_spreadsheet(data, kind)
    return [dataset.headers, *[list(r) for r in dataset]]
