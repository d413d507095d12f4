"""Importing articles, policies and policy measures."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, Policy, PolicyMeasure
from articles.resources import ArticleResource, PolicyMeasureResource, PolicyResource
from jlsite.slugs import SlugMaker, pinyin_slug
from tests.articles.factories import (
    ArticleFactory,
    ChannelFactory,
    PolicyFactory,
    PolicyMeasureFactory,
)
from tests.spreadsheet_files import import_rows

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def messages(result):
    return [str(p) for p in result.problems]


ARTICLE_HEADERS = [
    "原文编号", "标题", "副标题", "栏目", "发布时间", "来源", "作者", "责任编辑", "摘要", "正文",
    "发布状态",
]  # fmt: skip


@pytest.fixture
def channel(db):
    return ChannelFactory(name="招商动态")


def article_row(code="", title="标题", published="2022-09-11 09:19:53", body="<p>正文</p>", status="已发布"):  # fmt: skip
    return [code, title, "", "招商动态", published, "吉林日报", "", "赵石乐", "摘要", body, status]


def test_articles_in_beijing_time_with_sanitised_body(channel):
    result = import_rows(
        ArticleResource(),
        [
            ARTICLE_HEADERS,
            article_row(
                "0100700",
                "我省招商引资成效显著",
                body='<p onclick="x()">正文</p><script>alert(1)</script>',
            ),
        ],
    )
    assert result.ok, messages(result)
    article = Article.objects.get()
    assert article.published_at == datetime(2022, 9, 11, 9, 19, 53, tzinfo=SHANGHAI)
    assert article.body == "<p>正文</p>"
    assert article.channel == channel
    assert article.editor == "赵石乐"


def test_article_bodies_are_sanitised_on_update_too(channel):
    ArticleFactory(original_code="X", channel=channel, body="<p>旧</p>")
    result = import_rows(
        ArticleResource(),
        [
            ARTICLE_HEADERS,
            article_row("X", body='<p>新</p><img src="/media/x.png" onerror="alert(1)">'),
        ],
    )
    assert result.counts["更新"] == 1
    assert Article.objects.get().body == '<p>新</p><img src="/media/x.png">'


def test_articles_match_by_code_else_title_and_time(channel):
    by_code = ArticleFactory(original_code="C-1", title="旧标题", channel=channel)
    by_title = ArticleFactory(
        title="无编号文章",
        channel=channel,
        published_at=datetime(2022, 9, 11, 9, 19, 53, 123456, tzinfo=SHANGHAI),
    )
    result = import_rows(
        ArticleResource(),
        [
            ARTICLE_HEADERS,
            article_row("C-1", "新标题"),
            article_row("", "无编号文章", "2022-09-11 09:19:53"),  # same second
            article_row("", "无编号文章", "2022-09-12 10:00:00"),  # another article
        ],
    )
    assert result.ok, messages(result)
    assert result.counts == {"新增": 1, "更新": 2, "未变": 0, "错误": 0}
    by_code.refresh_from_db()
    by_title.refresh_from_db()
    assert by_code.title == "新标题"
    assert by_title.published_at.microsecond == 123456  # same second: the time is unchanged


def test_unknown_channel(channel):
    row = article_row()
    row[3] = "头条"
    result = import_rows(ArticleResource(), [ARTICLE_HEADERS, row])
    assert messages(result) == ["第2行「栏目」：未知栏目「头条」"]


POLICY_HEADERS = [
    "政策简称", "标题", "索引号", "发布机构", "文号", "成文日期", "发布日期", "类别", "条款总数",
    "效力状态", "摘要", "发布状态",
]  # fmt: skip


def test_policies():
    result = import_rows(
        PolicyResource(),
        [
            POLICY_HEADERS,
            [
                "支持民营经济发展40条",
                "关于支持民营经济发展的若干意见",
                "11220000",
                "吉林省人民政府",
                "吉政发〔2019〕1号",
                "2019-01-02",
                "2019年1月8日",
                "民营经济",
                "40",
                "现行有效",
                "",
                "已发布",
            ],
        ],
    )
    assert result.ok, messages(result)
    policy = Policy.objects.get()
    assert (policy.kind, policy.validity, policy.declared_measure_count) == (
        "private_economy",
        "in_force",
        40,
    )
    assert policy.slug == pinyin_slug("支持民营经济发展40条")


def test_lowering_a_policys_count_below_its_measures_is_a_row_error():
    policy = PolicyFactory(short_title="扩大开放100条", declared_measure_count=100)
    PolicyMeasureFactory(policy=policy, number=45)
    row = ["扩大开放100条", policy.title, "", "", "", "", "", "扩大开放", "40", "", "", ""]
    result = import_rows(PolicyResource(), [POLICY_HEADERS, row])
    assert messages(result) == ["第2行「条款总数」：已录入第45条，条款总数不能小于45"]
    policy.refresh_from_db()
    assert policy.declared_measure_count == 100


MEASURE_HEADERS = ["政策简称", "条款序号", "条款标题", "条款内容"]


def test_measures_by_policy_and_number():
    PolicyFactory(short_title="支持民营经济发展40条", declared_measure_count=40)
    result = import_rows(
        PolicyMeasureResource(),
        [
            MEASURE_HEADERS,
            ["支持民营经济发展40条", "1", "降低税费", "内容一"],
            ["支持民营经济发展40条", "第二条", "", "内容二"],
        ],
    )
    assert result.ok, messages(result)
    assert list(PolicyMeasure.objects.values_list("number", "text")) == [
        (1, "内容一"),
        (2, "内容二"),
    ]


def test_a_number_above_the_declared_count_is_reported_before_the_trigger_fires():
    PolicyFactory(short_title="十条", declared_measure_count=10)
    result = import_rows(
        PolicyMeasureResource(),
        [MEASURE_HEADERS, ["十条", "3", "", "内容"], ["十条", "11", "", "内容"]],
    )
    assert messages(result) == ["第3行「条款序号」：第11条超出「十条」的条款总数（10条）"]
    assert not PolicyMeasure.objects.exists()


def test_measures_name_a_known_policy():
    result = import_rows(PolicyMeasureResource(), [MEASURE_HEADERS, ["不存在", "1", "", "x"]])
    assert messages(result) == ["第2行「政策简称」：未知政策「不存在」"]


@pytest.mark.parametrize(
    "name",
    [
        "奥迪一汽新能源汽车项目",
        "长白山池北区",
        "朝阳区项目",
        "中国·东丰松子产业园",
        "200MWh储能电站",
        "",
        "ABC",
    ],
)
def test_bulk_slugs_equal_pinyin_slug(name):
    assert SlugMaker()(name) == pinyin_slug(name)
