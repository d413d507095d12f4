"""What the import_data and export_data commands share: reading the file, running, reporting."""

from pathlib import Path

from spreadsheets.files import file_kind, read_spreadsheet, write_spreadsheet

from .imports import ROW_NUMBER_NOTE, Problem
from .resource_registry import resource_class


def read_file(path, encoding=None):
    """A dataset from an .xlsx or .csv file on disk (no size limit: this is for large files)."""
    path = Path(path)
    kind = file_kind(path.name)
    return read_spreadsheet(path.read_bytes(), kind, encoding)


def run_import(name, dataset, *, dry_run=False, engine="fast"):
    resource = resource_class(name)(engine=engine)
    return resource, resource.import_data(dataset, dry_run=dry_run)


def problems(resource, result):
    """Every problem with its row and column, whichever engine produced the result."""
    found = list(result.problems)
    if found or resource.engine == "fast":
        return found
    headers = {c.attribute: c.header for c in resource.columns}
    for row in result.invalid_rows:  # django-import-export numbers data rows from 1
        for field, messages in row.error_dict.items():
            found.extend(Problem(row.number + 1, headers.get(field), m) for m in messages)
    for row in result.error_rows:
        found.extend(Problem(row.number + 1, None, str(e.error)) for e in row.errors)
    found.extend(Problem(None, None, str(e.error)) for e in result.base_errors)
    return found


def report(resource, result, found):
    """The lines the import command prints: summary, new related records, every problem."""
    lines = [f"{resource.get_display_name()}：{result.summary}（{ROW_NUMBER_NOTE}）"]
    for noun, names in result.created_names.items():
        lines.append(f"新建{noun} {len(names)} 个：" + "、".join(names))
    lines.extend(str(p) for p in found)
    return lines


def export_file(name, path):
    """Write every record of a resource to an .xlsx or .csv file; returns the row count."""
    path = Path(path)
    kind = file_kind(path.name)
    resource = resource_class(name)()
    model = resource._meta.model
    headers, rows = resource.export_rows(model._default_manager.all())
    path.write_bytes(write_spreadsheet(kind, headers, rows))
    return len(rows)
