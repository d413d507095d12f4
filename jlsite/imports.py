"""The import engine for staff spreadsheets, built on django-import-export's ModelResource.

`SpreadsheetResource.import_data` keeps django-import-export's contract (a dataset in, a
`Result` out, dry run, all-or-nothing in one transaction) but replaces its row-by-row loop,
which costs a SAVEPOINT, a SELECT and an INSERT per row, with batches: cells parsed by the
columns' widgets from maps loaded once, existing records fetched by natural key in one query per
batch, then bulk_create/bulk_update and many-to-many rows written through the through tables.
Bulk writes skip `save()`, so slugs, publication times, `updated_at` and HTML sanitising are
done here. Any error anywhere means nothing is written.

`engine="default"` runs the same resource through django-import-export's own loop instead,
for benchmarks (bench/import_speed.py).
"""

from itertools import batched

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import ModelResource
from import_export.results import Error, Result, RowResult
from openpyxl.utils import get_column_letter
from pypinyin.constants import RE_HANS
from pypinyin.converter import DefaultConverter
from pypinyin.core import Pinyin

from spreadsheets.files import SpreadsheetError, header_key
from spreadsheets.parsing import CellError, is_blank
from spreadsheets.widgets import AMBIGUOUS, NewName, lookup_key

from .publishing import PublicationStatus
from .slugs import SLUG_MAX_LENGTH

BATCH_SIZE = 1000
ROW_NUMBER_NOTE = "行号与 Excel 中一致：第1行是表头，数据从第2行开始。"


class RememberingConverter(DefaultConverter):
    """pypinyin's converter, remembering each word it has converted: the names in one file
    share most of their words and characters, which makes slugs three times faster."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.memory = {}

    def convert(self, words, style, heteronym, errors, strict, **kwargs):
        if not RE_HANS.match(words):  # digits and Latin letters: cheap, and often unique
            return super().convert(words, style, heteronym, errors, strict, **kwargs)
        key = (words, style, heteronym, errors, strict, tuple(sorted(kwargs.items())))
        if key not in self.memory:
            self.memory[key] = super().convert(words, style, heteronym, errors, strict, **kwargs)
        return [list(syllables) for syllables in self.memory[key]]


class SlugMaker:
    """jlsite.slugs.pinyin_slug for many names at once (same result, tested)."""

    def __init__(self):
        self.pinyin = Pinyin(RememberingConverter())

    def __call__(self, text, max_length=SLUG_MAX_LENGTH):
        syllables = self.pinyin.lazy_pinyin(text or "", errors="default")
        return slugify("-".join(syllables))[:max_length].strip("-")


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

    __slots__ = ("changes", "import_type", "instance", "number", "object_id", "object_repr",
                 "problems")  # fmt: skip
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
        self.changes, self.problems = changes, problems
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
            return "修改：" + "、".join(self.changes)
        return ""


class ImportResult(Result):
    """django-import-export's Result, plus problems in Chinese and the records to be created."""

    row_number_note = ROW_NUMBER_NOTE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []
        self.created_names = {}  # noun → names of records created along the way (investors)

    def add_file_problem(self, message):
        self.problems.append(Problem(None, None, message))
        self.append_base_error(Error(SpreadsheetError(message)))

    def add_row(self, row):
        self.increment_row_result_total(row)
        self.append_row_result(row)
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


class Entry:
    """A data row on its way in."""

    __slots__ = ("changed", "extras", "instance", "is_new", "key", "many", "number", "problems",
                 "values")  # fmt: skip

    def __init__(self, number):
        self.number = number
        self.values, self.many, self.extras = {}, {}, {}
        self.problems, self.changed = [], []
        self.key = self.instance = None
        self.is_new = False

    def problem(self, column, message):
        header = column.header if hasattr(column, "header") else column
        self.problems.append(Problem(self.number, header, message))


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """django-import-export's per-row lookup, by the resource's natural key (one query a row)."""

    def get_instance(self, row):
        return self.resource.existing_for_row(row)


class SpreadsheetResource(ModelResource):
    """A resource whose columns are `spreadsheets.fields.Column`s with Chinese headers.

    Subclasses declare columns and `natural_key_fields` (attribute names; override
    `natural_key`/`fetch_existing` when the key has alternatives), optionally `slug_source`,
    and `check`, `load_extras`, `compare_extra`, `save_extras` for rules and stored-elsewhere
    columns.
    """

    natural_key_fields = ()
    alternative_key_fields = ()
    describe_fields = ()
    slug_source = None
    batch_size = BATCH_SIZE
    display_name = ""

    class Meta:
        instance_loader_class = NaturalKeyInstanceLoader
        chunk_size = 2000

    def __init__(self, engine="fast", **kwargs):
        super().__init__(**kwargs)
        self.engine = engine
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
            names = "、".join(f"「{h}」" for h in unknown)
            raise SpreadsheetError(
                f"无法识别的表头{names}：{self.get_display_name()}表格的表头应为 "
                + "、".join(c.header for c in self.columns)
                + "（可下载空白模板对照）。"
            )
        missing = [c.header for c in self.columns if c.required and c.header not in seen]
        if missing:
            raise SpreadsheetError(
                "缺少必需的表头" + "、".join(f"「{h}」" for h in missing) + "：请补上这些列。"
            )
        return matched

    # Import

    def get_result_class(self):
        return ImportResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        result = ImportResult()
        result.diff_headers = [c.header for c in self.columns]
        result.total_rows = len(dataset)
        try:
            dataset.headers = self.match_headers(dataset.headers)
        except SpreadsheetError as error:
            result.add_file_problem(str(error))
            return result
        if self.engine == "default":
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=True,
                **kwargs,
            )
        using = self.get_db_connection_name()
        with transaction.atomic(using=using):
            BulkImport(self, dataset, result, kwargs.get("retain_instance_in_row_result")).run()
            if dry_run or not result.ok:
                transaction.set_rollback(True, using=using)
        return result

    # Natural keys

    def natural_key(self, values):
        """The key identifying the record a row describes, from its parsed values."""
        return tuple(values.get(name, self.key_default(name)) for name in self.natural_key_fields)

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

    def ambiguity(self, entry):
        return f"数据库中有多条记录的{self.key_description()}相同，无法确定要更新哪一条"

    def existing_for_row(self, row):
        """The record a raw row describes, for django-import-export's own path."""
        values = {}
        for column in self.columns:
            if column.header in row and not column.is_many and not column.is_extra:
                try:
                    parsed = column.widget.parse(row[column.header])
                except CellError:
                    return None
                values[column.attribute] = column.blank_value if is_blank(parsed) else parsed
        entry = Entry(0)
        entry.values, entry.key = values, self.natural_key(values)
        if entry.key is None:
            return None
        found = self.fetch_existing([entry]).get(entry.key)
        return None if found is AMBIGUOUS else found

    def get_instance(self, instance_loader, row):
        return instance_loader.get_instance(row)

    def import_instance(self, instance, row, **kwargs):
        """django-import-export's own path: set the plain columns (many-valued ones come later)."""
        errors = {}
        for column in self.columns:
            if column.is_many:
                continue
            try:
                self.import_field(column, instance, row, **kwargs)
            except ValueError as error:
                errors[column.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        """django-import-export's own path: set the many-valued columns once the row is saved."""
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        for column in self.columns:
            if column.is_many:
                self.import_field(column, instance, row, is_m2m=True)

    # Hooks for subclasses

    def check(self, entry):
        """Add problems that involve several cells or other records."""

    def load_extras(self, entries):
        """Load what `compare_extra` needs for the existing records of a batch."""

    def compare_extra(self, entry, column, value):
        """Whether an extra column's value changes the record."""
        return False

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


class BulkImport:
    """One run of the fast path over a dataset whose headers are already ours."""

    def __init__(self, resource, dataset, result, retain_instances=False):
        self.resource = resource
        self.model = resource._meta.model
        self.dataset = dataset
        self.result = result
        self.retain_instances = retain_instances
        self.writing = True
        self.now = timezone.now()
        self.seen_keys = {}
        self.matched_pks = {}
        self.used_slugs = set()
        self.slug = SlugMaker()
        self.created = {}  # ManyLookupCell → {name: pk or None while pending}
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
        for batch in batched(self.numbered_rows(), self.resource.batch_size):
            self.process(list(batch))

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
            if entry.is_new or not column.widget.same(getattr(instance, column.attribute), value):
                setattr(instance, column.attribute, value)
                if not entry.is_new:
                    entry.changed.append(column)
        for column, wanted in entry.many.items():
            have = set() if entry.is_new else current_many[column].get(instance.pk, set())
            if any(isinstance(v, NewName) for v in wanted) or set(wanted) != have:
                entry.changed.append(column)  # for new rows too: the links are still to write
        for column, value in entry.extras.items():
            if self.resource.compare_extra(entry, column, value):
                entry.changed.append(column)
        self.resource.check(entry)

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
        except DatabaseError as error:
            self.writing = False
            self.result.add_file_problem(f"写入数据库时出错，已全部撤销：{error}")

    def write_rows(self, new, changed):
        publishable = {"status", "published_at"} <= self.model_fields
        stamped = "updated_at" in self.model_fields
        if new:
            instances = [e.instance for e in new]
            if publishable:
                self.set_published_at(instances)
            if self.resource.slug_source:
                self.assign_slugs(instances)
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
        """What save() does on publishing: no publication time means now."""
        touched = set()
        for instance in instances:
            if instance.status == PublicationStatus.PUBLISHED and instance.published_at is None:
                instance.published_at = self.now
                touched.add("published_at")
        return touched

    def assign_slugs(self, instances):
        """Pinyin slugs unique in the table and within this import, in two queries a batch."""
        source = self.resource.slug_source
        manager = self.model._default_manager
        bases = {
            id(i): self.slug(getattr(i, source)) or self.model._meta.model_name for i in instances
        }
        taken = set(manager.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
        counts = {}
        for base in bases.values():
            counts[base] = counts.get(base, 0) + 1
        crowded = sorted(
            {b for b in bases.values() if b in taken or b in self.used_slugs or counts[b] > 1}
        )
        for group in batched(crowded, 200):
            query = Q()
            for base in group:
                query |= Q(slug__startswith=base[: SLUG_MAX_LENGTH - 8].rstrip("-") + "-")
            taken.update(manager.filter(query).values_list("slug", flat=True))
        for instance in instances:
            if instance.slug:
                self.used_slugs.add(instance.slug)
                continue
            base = bases[id(instance)]
            candidate, n = base, 2
            while candidate in taken or candidate in self.used_slugs:
                suffix = f"-{n}"
                candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
                n += 1
            instance.slug = candidate
            self.used_slugs.add(candidate)

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

    def row_result(self, entry):
        if entry.problems:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_INVALID)
            row.problems = entry.problems
        elif entry.is_new:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_NEW)
        elif entry.changed:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_UPDATE)
            row.changes = [c.header for c in entry.changed]
        else:
            row = SpreadsheetRow(entry.number, RowResult.IMPORT_TYPE_SKIP)
        row.object_repr = self.resource.describe(entry)
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
