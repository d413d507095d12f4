"""Two imports of one file at once end as if one had run, and natural keys are constraints."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction

from articles.models import Article
from articles.resources import ArticleResource
from tests.articles.factories import ArticleFactory, ChannelFactory
from tests.spreadsheet_files import csv_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = ["原文编号", "标题", "栏目", "发布时间", "正文", "发布状态"]


def articles_file(count):
    from spreadsheets.files import read_spreadsheet

    rows = [HEADERS] + [
        ["", f"招商动态第{n}期", "招商动态", "2022-09-11 09:19:53", "<p>正文</p>", "已发布"]
        for n in range(count)
    ]
    return lambda: read_spreadsheet(csv_bytes(rows), "csv")


# serialized_rollback as every transactional test here: a plain flush re-creates the roles with
# new ids, and the next test that puts the database back then meets them (auth_group.name).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_import_of_the_same_file_waits_and_writes_nothing_twice():
    ChannelFactory(name="招商动态")
    dataset = articles_file(50)
    first_has_written, second_started = threading.Event(), threading.Event()
    results = {}

    def hold_after_writing(done, total):
        first_has_written.set()
        second_started.wait(10)
        # Give the second import time to reach the lock while the first still holds it.
        threading.Event().wait(1)

    def run(name, **kwargs):
        try:
            results[name] = ArticleResource().import_data(dataset(), **kwargs)
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first",), kwargs={"progress": hold_after_writing})
    first.start()
    assert first_has_written.wait(10)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    second_started.set()
    first.join(30)
    second.join(30)

    assert results["first"].ok and results["first"].counts["新增"] == 50
    assert Article.objects.count() == 50
    later = results["second"]
    if later.ok:  # it waited for the first, then found every article
        assert later.counts == {"新增": 0, "更新": 0, "未变": 50, "错误": 0}
    else:  # it gave up waiting (SQLite's busy timeout) and wrote nothing
        assert [str(p) for p in later.problems] == [
            "另一项导入或修改正在写入数据库，等待超时，没有写入任何数据：请稍后重新导入。"
        ]


@pytest.mark.django_db
def test_an_articles_title_and_time_identify_it_when_it_has_no_original_code():
    moment = datetime(2022, 9, 11, 9, 19, 53, tzinfo=SHANGHAI)
    existing = ArticleFactory(title="我省招商引资成效显著", published_at=moment)
    duplicate = Article(title=existing.title, published_at=moment, channel=existing.channel)
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert "已有标题和发布时间都相同的文章" in str(raised.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # With an original code, or at another time, the same title is another article.
    ArticleFactory(title=existing.title, published_at=moment, original_code="0100701")
    ArticleFactory(title=existing.title, published_at=datetime(2022, 9, 12, tzinfo=SHANGHAI))
