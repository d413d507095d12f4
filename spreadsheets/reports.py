"""What an import tells people: bounded summaries for screens and terminals, and the full
report as a spreadsheet (the uploaded rows with what happened to each)."""

from .results import ROW_NUMBER_NOTE, listed
from .writing import write_xlsx

REPORT_HEADERS = ["导入结果", "说明"]


def summary_lines(resource, result, report_hint=""):
    """The lines a terminal or a page shows: at most ~20 items of each kind, and counts."""
    more_hint = f"（完整列表见{report_hint}）" if report_hint else ""
    lines = [f"{resource.get_display_name()}：{result.summary}（{ROW_NUMBER_NOTE}）"]
    for noun, count, names, more in result.created_listing():
        lines.append(
            f"新建{noun} {count:,} 个：" + "、".join(names) + (f" 等{more_hint}" if more else "")
        )
    warnings, more = listed(result.warnings)
    if warnings:
        lines.append(f"需要确认的修改 {len(result.warnings):,} 处：")
        lines.extend(f"第{number}行{message}" for number, message in warnings)
        if more:
            lines.append(f"……还有 {more:,} 处需要确认的修改{more_hint}")
    notes, more = listed(result.notes)
    if notes:
        lines.append(f"按审核流程处理 {len(result.notes):,} 行：")
        lines.extend(f"第{number}行：{message}" for number, message in notes)
        if more:
            lines.append(f"……还有 {more:,} 行{more_hint}")
    for column, problems, more in result.problem_groups():
        lines.extend(str(p) for p in problems)
        if more:
            where = f"「{column}」" if column else ""
            lines.append(f"……{where}还有 {more:,} 处错误{more_hint}")
    return lines


def row_explanation(row):
    """What the report says of one row: its problems, or its changes and warnings."""
    if row.problems:
        return row.details
    parts = [row.details] if row.details else []
    parts.extend(f"需确认：{w}" for w in row.warnings)
    parts.extend(row.notes)
    return "；".join(parts)


def report_rows(dataset, result):
    """The uploaded rows, each followed by its result and explanation."""
    by_number = {row.number: row for row in result.rows}
    file_problems = [str(p) for p in result.problems if p.row is None]
    for index, values in enumerate(dataset):
        row = by_number.get(index + 2)
        if row is None:
            yield [*values, "", ""]
        else:
            yield [*values, row.status_label, row_explanation(row)]
    if file_problems:
        yield [*([""] * len(dataset.headers)), "文件错误", "；".join(file_problems)]


def write_report(dataset, result):
    """XLSX bytes: the file as uploaded (headers as matched) plus 导入结果 and 说明 columns."""
    headers = [h or f"（第{n}列无表头）" for n, h in enumerate(dataset.headers, start=1)]
    rows = report_rows(dataset, result)
    return write_xlsx([*headers, *REPORT_HEADERS], rows, title="导入报告", truncate=True)
