import html
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def items(client):
    response = client.get("/articles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.findall("channel/item")


def test_feed_is_rss_with_the_demo_article(client, demo):
    (item,) = items(client)
    article = Article.objects.get()
    assert item.findtext("title") == article.title
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext("pubDate") == "Sun, 11 Sep 2022 09:19:53 +0800"
    assert item.findtext("category") == "招商动态"
    assert item.findtext("description").startswith("数据显示")


def test_feed_leaves_out_drafts_and_scheduled_articles(client, db):
    ArticleFactory(title="已发布")
    ArticleFactory(title="草稿", draft=True)
    ArticleFactory(title="定时", published_at="2999-01-01T00:00:00+08:00")
    assert [item.findtext("title") for item in items(client)] == ["已发布"]


def test_feed_escapes_markup_in_titles(client, db):
    ArticleFactory(title="<b>标题</b> & 其他")
    (item,) = items(client)
    assert item.findtext("title") == "<b>标题</b> & 其他"  # parsed back from escaped XML


def test_feed_description_is_the_summary_as_text_not_markup(client, db):
    summary = '<img src="x" onerror="alert(1)"> 投资 5 < 6 & <b>重点</b>'
    ArticleFactory(summary=summary)
    (item,) = items(client)
    description = item.findtext("description")  # the HTML a feed reader renders
    assert "<" not in description and ">" not in description
    assert html.unescape(description) == summary
