"""What an import reports: each row's fate and every problem, in Chinese, with row and column."""

from collections import namedtuple

from django.core.exceptions import ValidationError
from import_export.results import Error, Result, RowResult

from .files import SpreadsheetError

ROW_NUMBER_NOTE = "行号与 Excel 中一致：第1行是表头，数据从第2行开始。"
# Messages list at most this many items of one kind, then how many more there are; the full
# detail is in the downloadable report.
LISTED = 20

Change = namedtuple("Change", "header old new")


def listed(items, limit=LISTED):
    """(the first `limit` items, how many more)."""
    items = list(items)
    return items[:limit], max(0, len(items) - limit)


class Problem:
    """One thing wrong, where: "第12行「所在地区」：未知地区「长春县」"."""

    __slots__ = ("column", "message", "row")

    def __init__(self, row, column, message):
        self.row, self.column, self.message = row, column, message

    def __str__(self):
        where = (f"第{self.row}行" if self.row else "") + (
            f"「{self.column}」" if self.column else ""
        )
        return f"{where}：{self.message}" if where else self.message

    def __repr__(self):
        return f"<Problem {self}>"


class SpreadsheetRow:
    """A row of the preview: its spreadsheet row number, what happens to it and why.

    It offers the parts of django-import-export's RowResult the admin and Result use, in slots:
    an import keeps one per row, and RowResult's dozen per-row attributes cost a 100,000-row
    file about 80 MB.
    """

    __slots__ = ("changes", "import_type", "instance", "notes", "number", "object_id",
                 "object_repr", "problems", "values", "warnings")  # fmt: skip
    errors = ()
    validation_error = diff = original = None

    LABELS = {
        RowResult.IMPORT_TYPE_NEW: "新增",
        RowResult.IMPORT_TYPE_UPDATE: "更新",
        RowResult.IMPORT_TYPE_SKIP: "未变",
        RowResult.IMPORT_TYPE_INVALID: "错误",
    }

    def __init__(self, number, import_type, object_repr="", changes=(), problems=()):
        self.number, self.import_type, self.object_repr = number, import_type, object_repr
        self.changes, self.problems = changes, problems  # Change tuples; Problems
        self.values = self.warnings = self.notes = ()  # (header, shown) of a new row; strings
        self.object_id = self.instance = None

    @property
    def status_label(self):
        return self.LABELS.get(self.import_type, "")

    def is_new(self):
        return self.import_type == RowResult.IMPORT_TYPE_NEW

    def is_update(self):
        return self.import_type == RowResult.IMPORT_TYPE_UPDATE

    def is_skip(self):
        return self.import_type == RowResult.IMPORT_TYPE_SKIP

    def is_invalid(self):
        return self.import_type == RowResult.IMPORT_TYPE_INVALID

    def is_valid(self):
        return self.import_type in RowResult.valid_import_types

    @property
    def details(self):
        if self.problems:
            return "；".join(
                (f"「{p.column}」：" if p.column else "") + p.message for p in self.problems
            )
        if self.is_update():
            return "修改：" + "；".join(f"{c.header} {c.old or '（空）'} → {c.new or '（空）'}"
                                     for c in self.changes)  # fmt: skip
        return ""


class ImportResult(Result):
    """django-import-export's Result, plus problems in Chinese and the records to be created."""

    row_number_note = ROW_NUMBER_NOTE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []
        self.created_names = {}  # noun → names of records created along the way (investors)
        self.warnings = []  # (row number, message) of changes a person must confirm
        self.notes = []  # (row number, message): what happened to a row, e.g. submitted for review

    def add_file_problem(self, message):
        self.problems.append(Problem(None, None, message))
        self.append_base_error(Error(SpreadsheetError(message)))

    def add_row(self, row):
        self.increment_row_result_total(row)
        self.append_row_result(row)
        self.warnings.extend((row.number, w) for w in row.warnings)
        self.notes.extend((row.number, n) for n in row.notes)
        if row.problems:
            self.problems.extend(row.problems)
            errors = {}
            for p in row.problems:
                errors.setdefault(p.column or "__all__", []).append(p.message)
            self.append_invalid_row(row.number, {}, ValidationError(errors))

    @property
    def counts(self):
        totals = self.totals
        return {
            "新增": totals[RowResult.IMPORT_TYPE_NEW],
            "更新": totals[RowResult.IMPORT_TYPE_UPDATE],
            "未变": totals[RowResult.IMPORT_TYPE_SKIP],
            "错误": totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR],
        }

    @property
    def summary(self):
        return "，".join(f"{label} {n}" for label, n in self.counts.items())

    @property
    def ok(self):
        return not (self.has_errors() or self.has_validation_errors())

    def problem_groups(self, limit=LISTED):
        """Problems grouped by column (file problems first): (column or "", shown, more)."""
        groups = {}
        for problem in self.problems:
            groups.setdefault(problem.column or "", []).append(problem)
        return [(column, *listed(items, limit)) for column, items in groups.items()]

    def created_listing(self, limit=LISTED):
        """(noun, count, the first names, how many more) per kind of record to create."""
        return [
            (noun, len(names), *listed(names, limit)) for noun, names in self.created_names.items()
        ]
