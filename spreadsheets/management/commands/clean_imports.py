from django.core.management.base import BaseCommand

from spreadsheets.jobs import discard_abandoned


class Command(BaseCommand):
    help = "删除超过期限未确认的导入上传文件和过期的导入报告（建议每天运行一次）。"

    def handle(self, *args, **options):
        discard_abandoned()
        self.stdout.write(self.style.SUCCESS("已清理过期的导入文件和报告。"))
