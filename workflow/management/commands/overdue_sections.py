import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from workflow.timeliness import overdue_sections

# Exit codes for a daily cron: 0 every section is up to date, 1 some are overdue.
OVERDUE = 1


class Command(BaseCommand):
    help = (
        "列出超期未更新的栏目（全国政府网站检查把两周未更新的栏目计为问题）。"
        "有超期栏目时退出码为 1，否则为 0，便于每日定时任务报警。"
    )

    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不输出，只用退出码表示结果")

    def handle(self, *args, quiet, **options):
        now = timezone.now()
        late = overdue_sections(now)
        if not quiet:
            for section in late:
                self.stdout.write(f"{section.name}：{section.state(now)}")
            if late:
                self.stdout.write(f"共 {len(late)} 个栏目超期未更新：请尽快发布新内容。")
            else:
                self.stdout.write("所有栏目均按时更新。")
        if late:
            sys.exit(OVERDUE)
