from django.core.management.base import BaseCommand, CommandError

from spreadsheets import registry
from spreadsheets.files import SpreadsheetError, read_path
from spreadsheets.results import ROW_NUMBER_NOTE

# Exit codes: 0 imported (or dry run clean), 1 rows or headers with errors (nothing written),
# 2 the file could not be read at all.
ROWS_FAILED = 1
FILE_UNREADABLE = 2


def report(resource, result):
    """The lines the command prints: summary, new related records, every problem."""
    lines = [f"{resource.get_display_name()}：{result.summary}（{ROW_NUMBER_NOTE}）"]
    for noun, names in result.created_names.items():
        lines.append(f"新建{noun} {len(names)} 个：" + "、".join(names))
    lines.extend(str(p) for p in result.problems)
    return lines


class Command(BaseCommand):
    help = (
        "从 .xlsx 或 .csv 文件导入数据。先校验全部行：有任何错误就不写入任何数据，"
        "并列出每处错误的行号和列名。"
    )

    # Model and URL checks run on deploy; a script loading files should not wait for them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=registry.names(), help="导入哪类数据")
        parser.add_argument("file", help=".xlsx 或 .csv 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        parser.add_argument("--encoding", help="CSV 文件的编码，如 gbk；默认自动识别")

    def handle(self, *args, resource, file, dry_run, encoding, **options):
        try:
            dataset = read_path(file, encoding)
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=FILE_UNREADABLE) from None
        except OSError as error:
            raise CommandError(f"无法读取文件：{error}", returncode=FILE_UNREADABLE) from None
        importer = registry.resource_class(resource)()
        result = importer.import_data(dataset, dry_run=dry_run)
        for line in report(importer, result):
            self.stdout.write(line)
        if result.problems or not result.ok:
            raise CommandError(
                f"有 {len(result.problems)} 处错误，没有写入任何数据。", returncode=ROWS_FAILED
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("试运行：校验通过，没有写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS("导入完成。"))
