from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import segno

from articles.models import Article, Policy
from jlsite.templatetags.qr import QR_ERROR, QR_SVG_OPTIONS
from tests.articles.factories import (
    ArticleFactory,
    ChannelFactory,
    PolicyFactory,
    PolicyMeasureFactory,
)
from tests.pages import links, main_text, meta
from tests.projects.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


# The demo article ---------------------------------------------------------------------------


@pytest.fixture
def demo_article(demo):
    return Article.objects.get()


def test_article_page_shows_time_to_the_second_source_and_editor(client, demo_article):
    response = client.get(demo_article.get_absolute_url())
    assert response.status_code == 200
    page = main_text(response)
    assert "时间： 2022-09-11 09:19:53" in page
    assert "来源：吉林日报" in page
    assert "责任编辑：赵石乐" in page
    assert "本届全球吉商大会期间共签约项目69个,总投资额663.02亿元" in page
    assert "分享本页至手机" in page


def test_article_page_carries_the_government_metadata(client, demo_article):
    response = client.get(demo_article.get_absolute_url())
    url = f"http://testserver{demo_article.get_absolute_url()}"
    assert meta(response, "ArticleTitle") == demo_article.title
    assert meta(response, "PubDate") == "2022-09-11 09:19"
    assert meta(response, "ContentSource") == "吉林日报"
    assert meta(response, "Url") == url
    assert meta(response, "Description").startswith("数据显示")
    assert meta(response, "Author") is None  # the article names no author: none is invented
    assert meta(response, "ColumnName") == "招商动态"
    assert meta(response, "SiteName") == "吉林招商"
    assert meta(response, "og:type") == "article"
    assert meta(response, "og:url") == url


def test_article_qr_code_encodes_its_canonical_url(client, demo_article):
    body = client.get(demo_article.get_absolute_url()).content.decode()
    canonical = f"http://testserver{demo_article.get_absolute_url()}"
    assert segno.make_qr(canonical, error=QR_ERROR).svg_inline(**QR_SVG_OPTIONS) in body


def test_qr_code_ignores_the_query_string(client, demo_article):
    body = client.get(demo_article.get_absolute_url() + "?fs=l").content.decode()
    canonical = f"http://testserver{demo_article.get_absolute_url()}"
    assert segno.make_qr(canonical, error=QR_ERROR).svg_inline(**QR_SVG_OPTIONS) in body


def test_article_links_its_related_projects_events_and_policies(client, demo_article):
    page = main_text(client.get(demo_article.get_absolute_url()))
    assert "奥迪一汽新能源汽车项目" in page
    assert "第七届全球吉商大会" in page
    assert "支持民营经济发展40条" in page


def test_font_size_switch_and_print_styles(client, demo_article):
    response = client.get(demo_article.get_absolute_url() + "?fs=l")
    body = response.content.decode()
    assert 'class="article-body prose fs-l"' in body
    for size in ("?fs=l", "?fs=m", "?fs=s"):
        assert size in links(response)
    assert (
        "大" in main_text(response) and "中" in main_text(response) and "小" in main_text(response)
    )
    assert 'media="print"' in body and "print.css" in body
    bogus = client.get(demo_article.get_absolute_url() + "?fs=<x>").content.decode()
    assert 'class="article-body prose fs-m"' in bogus


# Articles made for the test -----------------------------------------------------------------


def test_article_by_id_redirects_to_its_slug(client, db):
    article = ArticleFactory(slug="jilin-news")
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/jilin-news/"
    assert client.get("/articles/jilin-news/").status_code == 200


def test_drafts_answer_404_and_are_missing_from_lists(client, db):
    draft = ArticleFactory(title="尚未发布的文章", draft=True)
    scheduled = ArticleFactory(title="定时发布的文章", published_at=at(2999, 1, 1, 8, 0))
    ArticleFactory(title="已发布的文章")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get("/articles/999999/").status_code == 404
    listing = main_text(client.get("/articles/"))
    assert "已发布的文章" in listing
    assert "尚未发布的文章" not in listing and "定时发布的文章" not in listing
    assert "尚未发布的文章" not in main_text(client.get("/"))


def test_previous_and_next_stay_in_the_channel(client, db):
    news, other = ChannelFactory(name="招商动态"), ChannelFactory(name="政策解读")
    first = ArticleFactory(channel=news, title="第一篇", published_at=at(2022, 9, 1, 8, 0))
    ArticleFactory(channel=other, title="别的栏目", published_at=at(2022, 9, 2, 8, 0))
    middle = ArticleFactory(channel=news, title="第二篇", published_at=at(2022, 9, 3, 8, 0))
    ArticleFactory(channel=news, title="草稿", published_at=at(2022, 9, 4, 8, 0), draft=True)
    last = ArticleFactory(channel=news, title="第三篇", published_at=at(2022, 9, 5, 8, 0))
    page = main_text(client.get(middle.get_absolute_url()))
    assert "上一篇： 第一篇" in page and "下一篇： 第三篇" in page
    assert "上一篇：没有了" in main_text(client.get(first.get_absolute_url()))
    assert "下一篇：没有了" in main_text(client.get(last.get_absolute_url()))


def test_related_links_list_only_published_content(client, db):
    article = ArticleFactory()
    article.related_projects.add(
        ProjectFactory(name="公开项目"), ProjectFactory(name="草稿项目", draft=True)
    )
    article.related_events.add(EventFactory(name="草稿活动", draft=True))
    article.related_policies.add(PolicyFactory(short_title="草稿政策", draft=True))
    page = main_text(client.get(article.get_absolute_url()))
    assert "公开项目" in page
    assert "草稿项目" not in page and "草稿活动" not in page and "草稿政策" not in page


def test_article_list_filters_by_channel_year_and_month_in_beijing_time(client, db):
    news, policy = ChannelFactory(name="招商动态"), ChannelFactory(name="政策解读")
    ArticleFactory(
        channel=news, title="新年第一篇", published_at=at(2023, 1, 1, 4, 0)
    )  # 2022 in UTC
    ArticleFactory(channel=news, title="九月新闻", published_at=at(2022, 9, 11, 9, 19, 53))
    ArticleFactory(channel=policy, title="九月解读", published_at=at(2022, 9, 20, 10, 0))

    def titles(query):
        page = main_text(client.get(f"/articles/?{query}"))
        return {t for t in ("新年第一篇", "九月新闻", "九月解读") if t in page}

    assert titles("") == {"新年第一篇", "九月新闻", "九月解读"}
    assert titles(f"channel={news.slug}") == {"新年第一篇", "九月新闻"}
    assert titles("year=2023") == {"新年第一篇"}
    assert titles("month=9") == {"九月新闻", "九月解读"}
    assert titles(f"channel={policy.slug}&year=2022&month=9") == {"九月解读"}
    assert titles(f"channel={news.slug}&month=1") == {"新年第一篇"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("channel=nothing", "没有这个栏目"),
        ("year=1900", "这一年没有发布文章"),
        ("month=13", "月份应为 1 到 12"),
        ("month=abc", "月份应为 1 到 12"),
        ("page=9999", "没有第 9999 页"),
    ],
)
def test_article_list_invalid_values_give_a_message(client, db, query, message):
    ArticleFactory(title="一篇文章")
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    page = main_text(response)
    assert message in page and "一篇文章" not in page


# Policies -----------------------------------------------------------------------------------


def test_policy_list_shows_the_declared_number_of_measures(client, demo):
    response = client.get("/policies/")
    page = main_text(response)
    assert "支持民营经济发展40条" in page and "40 条" in page
    assert "扩大开放100条" in page and "100 条" in page
    assert "已录入" not in page  # how many the site holds is for editors, in the admin
    assert meta(response, "ColumnName") == "政策文件"


def test_policy_page_shows_its_facts_table_and_measures_in_order(client, db):
    policy = PolicyFactory(
        short_title="支持民营经济发展40条",
        title="关于支持民营经济发展的若干措施",
        index_number="11220000013544357T/2019-00001",
        issuer="吉林省人民政府",
        document_number="吉政发〔2019〕1号",
        declared_measure_count=40,
    )
    for number in (3, 1, 2):
        PolicyMeasureFactory(
            policy=policy, number=number, title=f"措施{number}", text=f"第{number}条的内容"
        )
    response = client.get(policy.get_absolute_url())
    page = main_text(response)
    for label in ("索引号", "发布机构", "文号", "成文日期", "发布日期"):
        assert label in page
    assert "吉政发〔2019〕1号" in page and "吉林省人民政府" in page
    assert page.index("措施1") < page.index("措施2") < page.index("措施3")
    assert 'id="measure-2"' in response.content.decode()
    assert "全文共 40 条" in page and "已录入" not in page
    assert f"/policies/{policy.slug}/2/" in links(response)
    assert meta(response, "ArticleTitle") == "关于支持民营经济发展的若干措施"


def test_policy_keyword_filter_over_measures(client, db):
    policy = PolicyFactory()
    PolicyMeasureFactory(policy=policy, number=1, text="减免企业所得税")
    PolicyMeasureFactory(policy=policy, number=2, text="优化营商环境")
    page = main_text(client.get(policy.get_absolute_url() + "?q=营商"))
    assert "优化营商环境" in page and "减免企业所得税" not in page
    assert "找到 1 条" in page
    nothing = main_text(client.get(policy.get_absolute_url() + "?q=不存在"))
    assert "没有包含这个关键词的条款" in nothing
    too_long = client.get(policy.get_absolute_url() + "?q=" + "税" * 51)
    assert too_long.status_code == 200
    assert "关键词请不要超过 50 个字" in main_text(too_long)
    assert "减免企业所得税" not in main_text(too_long)


def test_measure_permalink(client, db):
    policy = PolicyFactory(short_title="扩大开放100条", declared_measure_count=100)
    for number in (1, 5, 9):
        PolicyMeasureFactory(policy=policy, number=number, text=f"第{number}条原文")
    response = client.get(f"/policies/{policy.slug}/5/")
    page = main_text(response)
    assert "扩大开放100条 第5条" in page and "第5条原文" in page
    assert "上一条： 第1条" in page and "下一条： 第9条" in page
    assert f"{policy.get_absolute_url()}#measure-5" in links(response)
    assert client.get(f"/policies/{policy.slug}/6/").status_code == 404


def test_draft_policies_and_their_measures_answer_404(client, db):
    policy = PolicyFactory(draft=True)
    PolicyMeasureFactory(policy=policy, number=1)
    assert client.get(policy.get_absolute_url()).status_code == 404
    assert client.get(f"/policies/{policy.slug}/1/").status_code == 404
    assert policy.short_title not in main_text(client.get("/policies/"))


def test_demo_policies_exist(demo):
    assert Policy.objects.count() == 2


def test_body_html_written_around_the_model_field_is_cleaned_on_display(client, db):
    article = ArticleFactory(body="<p>正文</p>")
    # bulk_update (as a spreadsheet import does) skips the field's own cleaning.
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="steal()">正文</p><script>alert(1)</script>'
    )
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<p>正文</p>" in body
    assert "alert(1)" not in body and "onclick" not in body
