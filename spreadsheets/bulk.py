"""The bulk path of an import: batches instead of django-import-export's row-by-row loop.

Its loop costs a SAVEPOINT, a SELECT and an INSERT per row; here cells are parsed by the
columns' widgets from maps loaded once, existing records are fetched by natural key in one
query per batch, then written with bulk_create/bulk_update and many-to-many rows through the
through tables. Bulk writes skip `save()`, so slugs, publication times, `updated_at` and HTML
sanitising are done here. Any error anywhere means nothing is written.
"""

import logging
from itertools import batched

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone
from import_export.results import RowResult
from openpyxl.utils import get_column_letter

from jlsite.publishing import PublicationStatus, stamp_publication
from jlsite.slugs import SlugAllocator, SluggedModel

from .parsing import CellError, is_blank
from .results import Change, Problem, SpreadsheetRow
from .widgets import AMBIGUOUS, NewName, lookup_key

BATCH_SIZE = 1000

logger = logging.getLogger(__name__)


class Entry:
    """A data row on its way in."""

    __slots__ = ("changed", "changes", "extras", "instance", "is_new", "key", "many", "notes",
                 "number", "problems", "values", "warnings")  # fmt: skip

    def __init__(self, number):
        self.number = number
        self.values, self.many, self.extras = {}, {}, {}
        self.problems, self.changed = [], []
        self.changes, self.warnings = [], []  # Change tuples shown in the preview; messages
        self.notes = []  # what happened to the row that its author should know
        self.key = self.instance = None
        self.is_new = False

    def problem(self, column, message):
        header = column.header if hasattr(column, "header") else column
        self.problems.append(Problem(self.number, header, message))


class BulkImport:
    """One run of the fast path over a dataset whose headers are already ours."""

    # New rows whose values the preview lists; the rest are only counted.
    SHOWN_NEW_ROWS = 100

    def __init__(self, resource, dataset, result, retain_instances=False, progress=None):
        self.resource = resource
        self.model = resource._meta.model
        self.dataset = dataset
        self.result = result
        self.retain_instances = retain_instances
        self.writing = True
        self.publisher = True  # may publish; else 已发布 rows are submitted (待审核)
        self.submission_note = ""  # what a submitted row's report says
        self.now = timezone.now()
        self.seen_keys = {}
        self.matched_pks = {}
        self.slugs = SlugAllocator(self.model) if issubclass(self.model, SluggedModel) else None
        self.created = {}  # ManyLookupCell → {name: pk or None while pending}
        self.written_pks = []
        self.names_created = set()  # models a column added rows to for names it did not find
        self.progress = progress
        self.shown_new_rows = 0
        self.columns = [
            (index, resource.fields_by_header[header])
            for index, header in enumerate(dataset.headers)
            if header
        ]
        self.unlabelled = [index for index, header in enumerate(dataset.headers) if not header]
        self.model_fields = {f.attname for f in self.model._meta.concrete_fields}
        key_attributes = set(resource.natural_key_fields) | set(resource.alternative_key_fields)
        self.key_headers = {c.header for c in resource.columns if c.attribute in key_attributes}

    def run(self):
        total, done = len(self.dataset), 0
        for batch in batched(self.numbered_rows(), self.resource.batch_size):
            self.process(list(batch))
            done = batch[-1][0] - 1
            if self.progress is not None:
                self.progress(done, total)

    def numbered_rows(self):
        reported = set()
        for index, row in enumerate(self.dataset):
            number = index + 2
            if all(is_blank(value) for value in row):
                continue
            for column_index in self.unlabelled:
                if column_index not in reported and not is_blank(row[column_index]):
                    reported.add(column_index)
                    letter = get_column_letter(column_index + 1)
                    self.result.add_file_problem(
                        f"第{letter}列没有表头，但第{number}行在这一列有数据：请补上表头或删除这一列。"
                    )
                    self.writing = False
            yield number, row

    # Reading

    def read(self, number, row):
        entry = Entry(number)
        for index, column in self.columns:
            raw = row[index]
            try:
                value = column.widget.parse(raw)
            except CellError as error:
                entry.problem(column, str(error))
                continue
            if column.is_many:
                entry.many[column] = value
            elif column.is_extra:
                entry.extras[column] = value
            elif is_blank(value):
                if column.required:
                    entry.problem(column, "不能为空")
                elif not column.keep_when_blank:
                    entry.values[column.attribute] = column.blank_value
            else:
                entry.values[column.attribute] = value
        if not any(p.column in self.key_headers for p in entry.problems):
            entry.key = self.resource.natural_key(entry.values)
        if entry.key is not None:
            first = self.seen_keys.setdefault(entry.key, number)
            if first != number:
                entry.problem(
                    None, f"与第{first}行是同一条记录（{self.resource.key_description()}相同）"
                )
                entry.key = None
        return entry

    # Comparing

    def process(self, batch):
        entries = [self.read(number, row) for number, row in batch]
        keyed = [e for e in entries if e.key is not None]
        existing = self.resource.fetch_existing(keyed) if keyed else {}
        for entry in keyed:
            found = existing.get(entry.key)
            if found is AMBIGUOUS:
                entry.problem(None, self.resource.ambiguity(entry))
            elif found is not None:
                first = self.matched_pks.setdefault(found.pk, entry.number)
                if first != entry.number:
                    entry.problem(None, f"与第{first}行对应同一条已有记录")
                entry.instance = found
        current_many = self.load_many(entries)
        self.resource.load_extras(entries)
        for entry in entries:
            if not entry.problems:
                self.compare(entry, current_many)
            if entry.problems:
                self.writing = False
        if self.writing:
            self.save(entries)
        for entry in entries:
            self.result.add_row(self.row_result(entry))

    def compare(self, entry, current_many):
        if entry.instance is None:
            entry.instance = self.model()
            entry.is_new = True
        instance = entry.instance
        for column in self.resource.columns:
            if column.attribute not in entry.values:
                continue
            value = entry.values[column.attribute]
            current = getattr(instance, column.attribute)
            if entry.is_new or not column.widget.same(current, value):
                setattr(instance, column.attribute, value)
                if not entry.is_new:
                    entry.changed.append(column)
                    self.note_change(entry, column, current, value)
        for column, wanted in entry.many.items():
            have = set() if entry.is_new else current_many[column].get(instance.pk, set())
            if any(isinstance(v, NewName) for v in wanted) or set(wanted) != have:
                entry.changed.append(column)  # for new rows too: the links are still to write
                if not entry.is_new:
                    entry.changes.append(
                        Change(
                            column.header,
                            column.widget.display(have),
                            column.widget.display(wanted),
                        )
                    )
        for column, value in entry.extras.items():
            if self.resource.compare_extra(entry, column, value):
                entry.changed.append(column)
                if not entry.is_new:
                    current = self.resource.current_extra(entry, column)
                    entry.changes.append(
                        Change(
                            column.header,
                            column.widget.display(current),
                            column.widget.display(value),
                        )
                    )
        self.submit_instead_of_publishing(entry)
        self.resource.check(entry)

    def submit_instead_of_publishing(self, entry):
        """A row that would leave a record published, written by someone who may not publish:
        new or changed, it is submitted for review instead."""
        instance = entry.instance
        if self.publisher or getattr(instance, "status", None) != PublicationStatus.PUBLISHED:
            return
        if not entry.is_new and not entry.changed:
            return
        instance.status = PublicationStatus.PENDING
        column = self.resource.fields_by_header.get("发布状态")
        if column is not None and not entry.is_new:
            pending = PublicationStatus.PENDING.label
            if column in entry.changed:
                entry.changes = [
                    c._replace(new=pending) if c.header == column.header else c
                    for c in entry.changes
                ]
            else:
                entry.changed.append(column)
                entry.changes.append(
                    Change(column.header, PublicationStatus.PUBLISHED.label, pending)
                )
        entry.notes.append(self.submission_note)

    def note_change(self, entry, column, old, new):
        widget = column.widget
        entry.changes.append(Change(column.header, widget.display(old), widget.display(new)))
        if (warning := widget.warning(old, new)) is not None:
            entry.warnings.append(f"「{column.header}」{warning}")

    def load_many(self, entries):
        pks = [e.instance.pk for e in entries if e.instance is not None and not e.problems]
        current = {}
        for column in self.resource.columns:
            if not column.is_many:
                continue
            through, source, target = self.through(column)
            sets = current[column] = {}
            if not pks or not any(column in e.many for e in entries):
                continue
            pairs = through._default_manager.filter(**{f"{source}__in": pks})
            for pk, other in pairs.values_list(source, target):
                sets.setdefault(pk, set()).add(other)
        return current

    def through(self, column):
        field = self.model._meta.get_field(column.attribute)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        return through, source, target

    # Writing

    def save(self, entries):
        new = [e for e in entries if e.is_new]
        changed = [e for e in entries if not e.is_new and e.changed]
        try:
            with transaction.atomic(using=self.resource.get_db_connection_name()):
                self.create_new_names(new + changed)
                self.write_rows(new, changed)
                self.write_many(new + changed)
                self.resource.save_extras(new + changed)
            self.written_pks.extend(e.instance.pk for e in new + changed)
        except IntegrityError:
            logger.warning("Import of %s conflicted with the database", self.model, exc_info=True)
            self.writing = False
            self.result.add_file_problem(
                "写入时与数据库中已有的记录冲突（可能有人同时导入或修改了同样的记录），"
                "已全部撤销：请稍后重新上传，预览会按最新数据核对。"
            )
        except DatabaseError:
            logger.exception("Import of %s failed in the database", self.model)
            self.writing = False
            self.result.add_file_problem(
                "写入数据库时出错，已全部撤销，没有写入任何数据：请稍后重试；再次出错请联系管理员。"
            )

    def write_rows(self, new, changed):
        publishable = {"status", "published_at"} <= self.model_fields
        stamped = "updated_at" in self.model_fields
        if new:
            instances = [e.instance for e in new]
            if publishable:
                self.set_published_at(instances)
            if self.slugs is not None:
                self.slugs.assign(instances)
            self.model._default_manager.bulk_create(instances, batch_size=self.resource.batch_size)
        fields = {
            c.attribute for e in changed for c in e.changed if c.attribute in self.model_fields
        }
        instances = [e.instance for e in changed]
        if publishable:
            fields |= self.set_published_at(instances)
        if stamped and instances:
            for instance in instances:
                instance.updated_at = self.now
            fields.add("updated_at")
        if fields:
            self.model._default_manager.bulk_update(
                instances, sorted(fields), batch_size=self.resource.batch_size
            )

    def set_published_at(self, instances):
        """What save() does on publishing; the fields it touched."""
        stamped = [stamp_publication(instance, self.now) for instance in instances]
        return {"published_at"} if any(stamped) else set()

    def create_new_names(self, entries):
        for column in self.resource.columns:
            if not column.is_many:
                continue
            widget, pending = column.widget, {}
            for entry in entries:
                for item in entry.many.get(column, ()):
                    if isinstance(item, NewName) and lookup_key(item) not in pending:
                        pending[lookup_key(item)] = widget.model(**{widget.key: str(item)})
            if pending:
                widget.model._default_manager.bulk_create(pending.values())
                self.names_created.add(widget.model)
                for instance in pending.values():
                    widget.remember(getattr(instance, widget.key), instance.pk)

    def write_many(self, entries):
        for column in self.resource.columns:
            if not column.is_many:
                continue
            through, source, target = self.through(column)
            rewrite = [e for e in entries if column in e.changed]
            if not rewrite:
                continue
            through._default_manager.filter(
                **{f"{source}__in": [e.instance.pk for e in rewrite if not e.is_new]}
            ).delete()
            links = []
            for entry in rewrite:
                for item in entry.many[column]:
                    pk = column.widget.find(item) if isinstance(item, NewName) else item
                    links.append((entry.instance.pk, pk))
            self.insert_links(through, source, target, links)

    def insert_links(self, through, source, target, links):
        """Many-to-many rows as plain multi-row INSERTs: a link row has no model logic, and
        building a model instance for each costs more than the database does."""
        connection = connections[self.resource.get_db_connection_name()]
        quote = connection.ops.quote_name
        table, columns = quote(through._meta.db_table), f"{quote(source)}, {quote(target)}"
        head = f"INSERT INTO {table} ({columns}) VALUES "
        with connection.cursor() as cursor:
            for chunk in batched(links, self.resource.batch_size):
                cursor.execute(
                    head + ", ".join(["(%s, %s)"] * len(chunk)),
                    [value for link in chunk for value in link],
                )

    # Reporting

    def shown_values(self, entry):
        """(header, value as shown) of a new row's filled cells, in the file's order."""
        shown = []
        for _, column in self.columns:
            if column.attribute in entry.values:
                value = entry.values[column.attribute]
            elif column in entry.many:
                value = entry.many[column]
            else:
                value = entry.extras.get(column)
            if value not in (None, "", []):
                shown.append((column.header, column.widget.display(value)))
        return shown

    def row_result(self, entry):
        if entry.problems:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_INVALID)
            row.problems = entry.problems
        elif entry.is_new:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_NEW)
            if self.shown_new_rows < self.SHOWN_NEW_ROWS:
                self.shown_new_rows += 1
                row.values = self.shown_values(entry)
        elif entry.changed:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_UPDATE)
            row.changes = entry.changes
            row.warnings = entry.warnings
        else:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_SKIP)
        row.object_repr = self.resource.describe(entry)
        row.notes = entry.notes
        if entry.instance is not None and not entry.problems:
            row.object_id = entry.instance.pk
            if self.retain_instances and row.import_type != RowResult.IMPORT_TYPE_SKIP:
                row.instance = entry.instance
        for column, items in entry.many.items():
            for item in items:
                if isinstance(item, NewName):
                    names = self.result.created_names.setdefault(column.widget.noun, [])
                    if item not in names:
                        names.append(str(item))
        return row
