from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from spreadsheets import registry
from spreadsheets.files import SpreadsheetError, read_path
from spreadsheets.reports import summary_lines, write_report

# Exit codes: 0 imported (or dry run clean), 1 rows or headers with errors (nothing written),
# 2 the file could not be read at all.
ROWS_FAILED = 1
FILE_UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "从 .xlsx 或 .csv 文件导入数据。先校验全部行：有任何错误就不写入任何数据，"
        "并列出错误的行号和列名（每类最多 20 处；--report 输出完整报告）。"
    )

    # Model and URL checks run on deploy; a script loading files should not wait for them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=registry.names(), help="导入哪类数据")
        parser.add_argument("file", help=".xlsx 或 .csv 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        parser.add_argument("--encoding", help="CSV 文件的编码，如 gbk；默认自动识别")
        parser.add_argument(
            "--report", metavar="报告.xlsx", help="把每一行的导入结果和说明写入这个 .xlsx 文件"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="按表格原样发布“已发布”的行；默认作为“待审核”提交，由审核人员在后台发布",
        )

    def handle(self, *args, resource, file, dry_run, encoding, report, publish, **options):
        try:
            dataset = read_path(file, encoding)
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=FILE_UNREADABLE) from None
        except OSError as error:
            raise CommandError(f"无法读取文件：{error}", returncode=FILE_UNREADABLE) from None
        importer = registry.resource_class(resource)()
        with self.progress_bar(len(dataset)) as bar:
            result = importer.import_data(
                dataset,
                dry_run=dry_run,
                progress=bar,
                source=f"命令 import_data {Path(file).name}",
                publisher=publish,
            )
        for line in summary_lines(importer, result, report and f"报告 {report}"):
            self.stdout.write(line)
        if report:
            Path(report).write_bytes(write_report(dataset, result))
            self.stdout.write(f"导入报告已写入 {report}。")
        if result.problems or not result.ok:
            raise CommandError(
                f"有 {len(result.problems):,} 处错误，没有写入任何数据。", returncode=ROWS_FAILED
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("试运行：校验通过，没有写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS("导入完成。"))

    def progress_bar(self, total):
        """A bar on the terminal's standard error; nothing when it is piped or redirected."""
        return ProgressBar(total, self.stderr._out)


class ProgressBar:
    """tqdm as an import's progress callback: `bar(done, total)`."""

    def __init__(self, total, stream):
        interactive = hasattr(stream, "isatty") and stream.isatty()
        self.bar = tqdm(total=total, unit="行", file=stream, disable=not interactive,
                        desc="导入中", dynamic_ncols=True)  # fmt: skip

    def __call__(self, done, total):
        self.bar.update(done - self.bar.n)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.bar.close()
