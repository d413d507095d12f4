from django.conf import settings
from django.core.management.base import BaseCommand

from inquiries.models import Inquiry


class Command(BaseCommand):
    help = (
        "清除已关闭满 INQUIRY_RETENTION_DAYS 天的咨询中的个人信息（姓名、单位、国家或地区、"
        "联系方式、咨询内容），保留编号、日期、状态和咨询对象。建议每天由 cron 运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不清除。")

    def handle(self, *args, dry_run=False, **options):
        due = Inquiry.objects.due_for_purge()
        if dry_run:
            count = due.count()
            self.stdout.write(
                f"将清除 {count} 条咨询的个人信息（保存期 {settings.INQUIRY_RETENTION_DAYS} 天）。"
            )
            return
        count = due.purge()
        self.stdout.write(f"已清除 {count} 条咨询的个人信息。")
