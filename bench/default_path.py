"""Our resources run through django-import-export's own row-by-row loop, for comparison.

The site imports through the bulk path (spreadsheets.bulk). This module gives a resource
the pieces the library's default loop needs (a per-row lookup by natural key, plain and
many-valued fields set row by row, the columns stored elsewhere written after each save) so that
bench/import_speed.py can time both paths over the same file. Used as a script it prints the
same summary line as `manage.py import_data` (bench/run_default_path.py runs it).
"""

from django.core.exceptions import ValidationError
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import ModelResource

from spreadsheets.bulk import Entry
from spreadsheets.parsing import CellError, is_blank
from spreadsheets.results import ROW_NUMBER_NOTE, Problem
from spreadsheets.widgets import AMBIGUOUS, ManyLookupCell, NewName


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """The library's per-row lookup, by the resource's natural key (one query a row)."""

    def get_instance(self, row):
        return self.resource.existing_for_row(row)


class RowByRowManyLookupCell(ManyLookupCell):
    """The library's path sets many-to-many fields from instances, creating new names."""

    def clean(self, value, row=None, **kwargs):
        items = self.parse(value)
        manager = self.model._default_manager
        instances = list(manager.filter(pk__in=[i for i in items if not isinstance(i, NewName)]))
        for item in items:
            if isinstance(item, NewName):
                instance, _ = manager.get_or_create(**{self.key: str(item)})
                self.remember(str(item), instance.pk)
                instances.append(instance)
        return instances


class DefaultPathMixin:
    """Put before a SpreadsheetResource subclass: imports go through ModelResource's loop."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in self.columns:
            if isinstance(column.widget, ManyLookupCell):
                column.widget.__class__ = RowByRowManyLookupCell

    def import_data(self, dataset, dry_run=False, **kwargs):
        result = self.start_result(dataset)
        if not result.ok:
            return result
        return ModelResource.import_data(
            self,
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def existing_for_row(self, row):
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
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        for column in self.columns:
            if column.is_many:
                self.import_field(column, instance, row, is_m2m=True)

    def after_save_instance(self, instance, row, **kwargs):
        """Columns stored elsewhere (a project's signing and milestone dates), row by row."""
        entry = Entry(0)
        entry.instance = instance
        entry.extras = {
            c: getattr(instance, c.attribute, None)
            for c in self.columns
            if c.is_extra and c.header in row
        }
        if not entry.extras:
            return
        self.load_extras([entry])
        entry.changed = [c for c, v in entry.extras.items() if self.compare_extra(entry, c, v)]
        self.save_extras([entry])


def default_path_resource(name):
    """An instance of the registered resource `name` that imports row by row."""
    from spreadsheets import registry

    base = registry.resource_class(name)
    meta = type("Meta", (), {"instance_loader_class": NaturalKeyInstanceLoader})
    attributes = {"Meta": meta, "__module__": __name__}
    return type(f"DefaultPath{base.__name__}", (DefaultPathMixin, base), attributes)()


def problems(resource, result):
    """Every problem of a default-path result with its row and column."""
    found = list(result.problems)
    headers = {c.attribute: c.header for c in resource.columns}
    for row in result.invalid_rows:  # django-import-export numbers data rows from 1
        for field, messages in row.error_dict.items():
            found.extend(Problem(row.number + 1, headers.get(field), m) for m in messages)
    for row in result.error_rows:
        found.extend(Problem(row.number + 1, None, str(e.error)) for e in row.errors)
    found.extend(Problem(None, None, str(e.error)) for e in result.base_errors)
    return found


def main(name, path):
    from spreadsheets.files import read_path

    resource = default_path_resource(name)
    result = resource.import_data(read_path(path))
    print(f"{resource.get_display_name()}：{result.summary}（{ROW_NUMBER_NOTE}）")
    found = problems(resource, result)
    for problem in found:
        print(problem)
    return 1 if found else 0
