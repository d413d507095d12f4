from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "载入演示数据（来自2022年9月11日《吉林日报》报道）；重复运行不会改变任何数据。"

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
