"""The resource base for staff spreadsheets, on django-import-export's ModelResource.

`SpreadsheetResource.import_data` keeps django-import-export's contract (a dataset in, a
`Result` out, dry run, all-or-nothing in one transaction) but runs the bulk path
(spreadsheets.bulk) instead of the library's row-by-row loop.
"""

import logging
from difflib import SequenceMatcher

from django.db import OperationalError, transaction
from django.db.models import Q
from import_export.resources import ModelResource
from openpyxl.utils import get_column_letter

from jlsite.publishing import may_publish, may_publish_own

from . import registry
from .bulk import BATCH_SIZE, BulkImport
from .files import SpreadsheetError, header_key
from .models import ImportLock
from .parsing import excerpt
from .results import ImportResult, listed
from .signals import records_imported
from .widgets import AMBIGUOUS

logger = logging.getLogger(__name__)
SUGGESTION_CUTOFF = 0.6
SUBMITTED_WITHOUT_PERMISSION = "您没有发布权限：已作为“待审核”提交，审核人员发布后才公开。"
SUBMITTED_OWN_WORK = "不能审核自己提交的内容：已作为“待审核”提交，请由另一位审核人员发布。"
SUBMITTED_BY_COMMAND = (
    "命令行导入：已作为“待审核”提交，审核人员发布后才公开（加 --publish 按原样发布）。"
)


class SpreadsheetResource(ModelResource):
    """A resource whose columns are `spreadsheets.fields.Column`s with Chinese headers.

    Subclasses declare columns and the natural key that finds a row's record:
    `natural_key_fields` (attribute names), and optionally `alternative_key_fields` for a key
    that may be left blank (项目编号): a row without it, or whose value is new, is matched
    by the alternative fields (项目名称) among the records that have none yet. `check`,
    `load_extras`, `compare_extra` and `save_extras` add rules and stored-elsewhere columns.
    """

    natural_key_fields = ()
    alternative_key_fields = ()
    describe_fields = ()
    batch_size = BATCH_SIZE
    display_name = ""

    class Meta:
        chunk_size = 2000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._columns = self.get_import_fields()
        for column in self._columns:
            column.adapt_to(self._meta.model)

    @classmethod
    def get_display_name(cls):
        return cls.display_name or cls._meta.model._meta.verbose_name

    # Headers

    @property
    def columns(self):
        return self._columns

    @property
    def fields_by_header(self):
        return {c.header: c for c in self.columns}

    def column_for(self, attribute):
        return next(c for c in self.columns if c.attribute == attribute)

    def template_notes(self):
        return [(c.header, c.required, c.explanation) for c in self.columns]

    def match_headers(self, headers):
        """Rewrite the file's headers to ours; raise SpreadsheetError on unknown or missing ones."""
        ours = {header_key(c.header): c.header for c in self.columns}
        matched, seen, unknown = [], {}, []
        for index, header in enumerate(headers):
            key = header_key(header)
            if not key:
                matched.append("")
                continue
            canonical = ours.get(key)
            if canonical is None:
                unknown.append(str(header).strip())
                matched.append(str(header))
                continue
            if canonical in seen:
                raise SpreadsheetError(
                    f"表头「{canonical}」出现了两次（第{get_column_letter(seen[canonical] + 1)}列和"
                    f"第{get_column_letter(index + 1)}列）：请删除其中一列。"
                )
            seen[canonical] = index
            matched.append(canonical)
        if unknown:
            shown, more = listed(unknown)
            names = "、".join(self.unknown_header(h, ours) for h in shown)
            raise SpreadsheetError(
                f"无法识别的表头{names}{f'等 {len(unknown):,} 个' if more else ''}："
                f"{self.get_display_name()}表格的表头应为 "
                + "、".join(c.header for c in self.columns)
                + "（可下载空白模板对照）。"
            )
        missing = [c.header for c in self.columns if c.required and c.header not in seen]
        if missing:
            raise SpreadsheetError(
                "缺少必需的表头" + "、".join(f"「{h}」" for h in missing) + "：请补上这些列。"
            )
        return matched

    def unknown_header(self, header, ours):
        """「header」, with the nearest of our headers when one is close enough (a required one
        first among equals)."""
        key = header_key(header)
        required = {header_key(c.header) for c in self.columns if c.required}
        scored = [(SequenceMatcher(None, key, k).ratio(), k in required, k) for k in ours]
        score, _, nearest = max(scored, default=(0, False, ""), key=lambda s: s[:2])
        suggestion = f"（您是否想用「{ours[nearest]}」？）" if score >= SUGGESTION_CUTOFF else ""
        return f"「{excerpt(header)}」{suggestion}"

    # Import

    def get_result_class(self):
        return ImportResult

    def start_result(self, dataset):
        """A result for `dataset`, whose headers are rewritten to ours (or a file problem)."""
        result = ImportResult()
        result.diff_headers = [c.header for c in self.columns]
        result.total_rows = len(dataset)
        try:
            dataset.headers = self.match_headers(dataset.headers)
        except SpreadsheetError as error:
            result.add_file_problem(str(error))
        return result

    def import_data(
        self, dataset, dry_run=False, progress=None, user=None, source="", publisher=None, **kwargs
    ):
        """Import `dataset` all or nothing; `progress(rows done, rows in all)` after each batch.

        `user`: who imports; rows they set to 已发布 are submitted (待审核) instead unless they
        may publish what they write themselves (the two-person rule: a reviewer's own import
        waits for another reviewer). `publisher` (True or False) decides instead of the user:
        the command line, run by an operator, submits unless run with --publish. With neither,
        rows are written as given. `source` names the import in the history (表格导入 项目.xlsx).

        A real import holds the resource's ImportLock, so imports of one resource never
        interleave: a second one waits, then finds what the first wrote.
        """
        result = self.start_result(dataset)
        if not result.ok:
            return result
        using = self.get_db_connection_name()
        retain = kwargs.get("retain_instance_in_row_result")
        try:
            with transaction.atomic(using=using):
                if not dry_run:
                    ImportLock.hold(registry.resource_name(self._meta.model), using)
                bulk = BulkImport(self, dataset, result, retain, progress=progress)
                bulk.publisher, bulk.submission_note = self.publishing(user, publisher)
                bulk.run()
                if dry_run or not result.ok:
                    transaction.set_rollback(True, using=using)
                elif bulk.written_pks:
                    records_imported.send(
                        sender=self._meta.model,
                        pks=bulk.written_pks,
                        names_created=bulk.names_created,
                        user=user,
                        source=source,
                        using=using,
                    )
        except OperationalError as error:
            if "locked" not in str(error):  # SQLite's busy timeout; anything else is a fault
                raise
            logger.warning("Import of %s waited too long for the database", self._meta.model)
            result.add_file_problem(
                "另一项导入或修改正在写入数据库，等待超时，没有写入任何数据：请稍后重新导入。"
            )
        return result

    def publishing(self, user, publisher):
        """(whether 已发布 rows are published as given, the note on rows submitted instead)."""
        model = self._meta.model
        if publisher is not None:
            return publisher, SUBMITTED_BY_COMMAND
        if user is None or may_publish_own(user, model):
            return True, ""
        if may_publish(user, model):
            return False, SUBMITTED_OWN_WORK
        return False, SUBMITTED_WITHOUT_PERMISSION

    # Natural keys

    def natural_key(self, values):
        """The key identifying the record a row describes, from its parsed values."""
        if self.alternative_key_fields:
            if values.get(self.natural_key_fields[0]):
                return ("key", values[self.natural_key_fields[0]])
            if values.get(self.alternative_key_fields[0]):
                return ("alternative", *self.alternative_values(values))
            return None
        return tuple(values.get(name, self.key_default(name)) for name in self.natural_key_fields)

    def alternative_values(self, values):
        return tuple(
            self.column_for(name).widget.key(values.get(name))
            for name in self.alternative_key_fields
        )

    def key_default(self, name):
        return self._meta.model._meta.get_field(name.removesuffix("_id")).get_default()

    def describe(self, entry):
        """How the preview names the record of a row: its key cells, as the file has them."""
        names = self.describe_fields or self.natural_key_fields
        shown = []
        for column in self.columns:
            value = entry.values.get(column.attribute)
            if column.attribute in names and value not in (None, ""):
                shown.append(str(column.widget.render(value)))
        return " / ".join(shown)

    def key_description(self):
        return "、".join(
            f"「{c.header}」" for c in self.columns if c.attribute in self.natural_key_fields
        )

    def fetch_existing(self, entries):
        """{entry.key: instance or AMBIGUOUS} for the entries' records that exist, in one query."""
        if self.alternative_key_fields:
            return self.fetch_by_key_or_alternative(entries)
        names = self.natural_key_fields
        firsts = {e.key[0] for e in entries}
        query = Q(**{f"{names[0]}__in": [v for v in firsts if v is not None]})
        if None in firsts:
            query |= Q(**{f"{names[0]}__isnull": True})
        found = {}
        for instance in self._meta.model._default_manager.filter(query):
            key = tuple(getattr(instance, name) for name in names)
            found[key] = AMBIGUOUS if key in found else instance
        return found

    def fetch_by_key_or_alternative(self, entries):
        """By the key (项目编号); else by the alternative fields, when the row has no key or
        its key is new and a record matching the rest has none yet (a list that gains codes
        updates its records instead of duplicating them). A blank alternative cell (发布时间)
        matches any value."""
        key_name, first = self.natural_key_fields[0], self.alternative_key_fields[0]
        codes = {e.key[1] for e in entries if e.key[0] == "key"}
        firsts = {e.values[first] for e in entries if e.values.get(first)}
        by_code, by_first = {}, {}
        query = Q(**{f"{key_name}__in": codes}) | Q(**{f"{first}__in": firsts})
        for instance in self._meta.model._default_manager.filter(query):
            if getattr(instance, key_name) in codes:
                by_code[getattr(instance, key_name)] = instance
            by_first.setdefault(getattr(instance, first), []).append(instance)
        found = {}
        for entry in entries:
            kind, value = entry.key[:2]
            if kind == "key" and value in by_code:
                found[entry.key] = by_code[value]
                continue
            candidates = by_first.get(entry.values.get(first), [])
            for name in self.alternative_key_fields[1:]:
                widget, wanted = self.column_for(name).widget, entry.values.get(name)
                if wanted is not None:
                    wanted = widget.key(wanted)
                    candidates = [c for c in candidates if widget.key(getattr(c, name)) == wanted]
            if kind == "key":
                candidates = [c for c in candidates if not getattr(c, key_name)]
            if len(candidates) == 1:
                found[entry.key] = candidates[0]
            elif candidates:
                found[entry.key] = AMBIGUOUS
        return found

    def ambiguity(self, entry):
        return f"数据库中有多条记录的{self.key_description()}相同，无法确定要更新哪一条"

    # Hooks for subclasses

    def check(self, entry):
        """Add problems that involve several cells or other records."""

    def load_extras(self, entries):
        """Load what `compare_extra` needs for the existing records of a batch."""

    def compare_extra(self, entry, column, value):
        """Whether an extra column's value changes the record."""
        return False

    def current_extra(self, entry, column):
        """An extra column's value before the import, for the preview."""
        return None

    def save_extras(self, entries):
        """Write the extra columns of a batch."""

    def export_queryset(self, queryset):
        return queryset

    # Export

    def filter_export(self, queryset, **kwargs):
        return self.export_queryset(queryset)

    def export_rows(self, queryset=None):
        """(headers, rows) with typed values, for spreadsheets.files."""
        dataset = self.export(queryset=queryset)
        return dataset.headers, dataset
