from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spreadsheets import registry
from spreadsheets.files import SpreadsheetError, file_kind
from spreadsheets.writing import write_spreadsheet


class Command(BaseCommand):
    help = "把一类数据全部导出为 .xlsx 或 .csv 文件（按扩展名），表头与导入时相同。"

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=registry.names(), help="导出哪类数据")
        parser.add_argument("file", help="输出文件路径，以 .xlsx 或 .csv 结尾")

    def handle(self, *args, resource, file, **options):
        path = Path(file)
        try:
            kind = file_kind(path.name)
            exporter = registry.resource_class(resource)()
            model = exporter._meta.model
            headers, rows = exporter.export_rows(model._default_manager.all())
            path.write_bytes(write_spreadsheet(kind, headers, rows))
        except SpreadsheetError as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(f"无法写入文件：{error}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(rows)} 行到 {file}。"))
