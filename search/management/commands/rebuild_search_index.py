from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing, registry


class Command(BaseCommand):
    help = "重建站内搜索索引：逐批重写每条公开记录的索引，删除不再公开的记录；可在网站运行时执行。"

    def handle(self, *args, **options):
        total = sum(source.indexable().count() for source in registry.sources())
        with tqdm(total=total, unit="条", desc="重建搜索索引", file=self.stderr) as bar:
            indexing.rebuild(progress=lambda source, n: bar.update(n))
        self.stdout.write(f"搜索索引已重建：{total} 条。")
