from django.core.management.base import BaseCommand, CommandError

from jlsite.data_commands import problems, read_file, report, run_import
from jlsite.resource_registry import RESOURCES
from spreadsheets.files import SpreadsheetError

# Exit codes: 0 imported (or dry run clean), 1 rows or headers with errors (nothing written),
# 2 the file could not be read at all.
ROWS_FAILED = 1
FILE_UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "从 .xlsx 或 .csv 文件导入数据。先校验全部行：有任何错误就不写入任何数据，"
        "并列出每处错误的行号和列名。"
    )

    # Model and URL checks run on deploy; a script loading files should not wait for them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=list(RESOURCES), help="导入哪类数据")
        parser.add_argument("file", help=".xlsx 或 .csv 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        parser.add_argument("--encoding", help="CSV 文件的编码，如 gbk；默认自动识别")
        parser.add_argument(
            "--engine",
            choices=["fast", "default"],
            default="fast",
            help="default：django-import-export 逐行写入的默认方式，仅供性能对比",
        )

    def handle(self, *args, resource, file, dry_run, encoding, engine, **options):
        try:
            dataset = read_file(file, encoding)
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=FILE_UNREADABLE) from None
        except OSError as error:
            raise CommandError(f"无法读取文件：{error}", returncode=FILE_UNREADABLE) from None
        importer, result = run_import(resource, dataset, dry_run=dry_run, engine=engine)
        found = problems(importer, result)
        for line in report(importer, result, found):
            self.stdout.write(line)
        if found or not result.ok:
            raise CommandError(
                f"有 {len(found)} 处错误，没有写入任何数据。", returncode=ROWS_FAILED
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("试运行：校验通过，没有写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS("导入完成。"))
