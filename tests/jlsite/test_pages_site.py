import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from articles.models import Article
from jlsite.views import server_error
from projects.models import Event
from tests.articles.factories import ArticleFactory, PolicyFactory, PolicyMeasureFactory
from tests.pages import links, main_text, meta, sitemap_locations, text
from tests.projects.factories import EventFactory, ProjectFactory

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
REPO = Path(__file__).resolve().parents[2]

SECTION_PAGES = [
    "/",
    "/projects/",
    "/events/",
    "/regions/",
    "/industries/",
    "/statistics/",
    "/articles/",
    "/policies/",
]


@pytest.mark.django_db
def test_home_shows_events_figures_articles_projects_statistics_and_policies(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    page = main_text(response)
    assert "第七届全球吉商大会" in page
    assert "签约项目 69 个" in page and "663.02亿元" in page and "10亿元及以上项目 24 个" in page
    assert "第二届中国新电商大会" in page and "88.64" in page and "15" in page
    assert "吉林省全力推进招商引资工作" in page
    assert "奥迪一汽新能源汽车项目" in page and "山水蓄能三峡工程" in page  # featured
    assert "华润中心" not in page  # not featured
    assert "同比增长约30%" in page and "同比增长14%" in page
    assert "支持民营经济发展40条" in page and "共 40 条" in page
    assert "不一致" not in page and "已录入" not in page


@pytest.mark.django_db
def test_home_leaves_out_drafts(client, db):
    ProjectFactory(name="推荐的草稿项目", featured=True, draft=True)
    EventFactory(name="草稿大会", draft=True)
    ArticleFactory(title="草稿文章", draft=True)
    PolicyFactory(short_title="草稿政策", draft=True)
    page = main_text(client.get("/"))
    for hidden in ("推荐的草稿项目", "草稿大会", "草稿文章", "草稿政策"):
        assert hidden not in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", SECTION_PAGES)
def test_every_section_page_has_site_and_column_metadata(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    assert meta(response, "SiteName") == "吉林招商"
    assert meta(response, "SiteDomain") is not None
    assert meta(response, "SiteIDCode") is not None
    for name in ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"):
        assert meta(response, name), name


@pytest.mark.django_db
@pytest.mark.parametrize("path", SECTION_PAGES)
def test_every_page_has_landmarks_a_skip_link_and_labelled_controls(client, demo, path):
    body = client.get(path).content.decode()
    assert '<html lang="zh-CN"' in body
    assert '<a class="skip-link" href="#main">' in body and '<main id="main"' in body
    assert "<header" in body and "<footer" in body and 'aria-label="主导航"' in body
    assert '<label id="site-search-label" for="site-search-q">' in body
    assert 'role="search" aria-labelledby="site-search-label"' in body  # a named landmark
    for control_id in __import__("re").findall(r'<(?:input|select)[^>]* id="([^"]+)"', body):
        assert f'for="{control_id}"' in body, f"#{control_id} has no label"
    assert "<img" not in body or 'alt="' in body


@pytest.mark.django_db
@override_settings(
    SITE_ORGANISER="吉林省商务厅",
    SITE_CONTACT="0431-88888888",
    SITE_ID_CODE="2200000001",
    SITE_ICP_NUMBER="吉ICP备05002020号",
    SITE_PSB_NUMBER="吉公网安备22010202000001号",
    SITE_DOMAIN="tzjl.jl.gov.cn",
)
def test_footer_and_site_metadata_read_the_settings(client):
    response = client.get("/")
    footer = text(response).split("主办单位", 1)[1]
    for shown in (
        "吉林省商务厅",
        "0431-88888888",
        "2200000001",
        "吉ICP备05002020号",
        "吉公网安备22010202000001号",
    ):
        assert shown in footer
    assert meta(response, "SiteIDCode") == "2200000001"
    assert meta(response, "SiteDomain") == "tzjl.jl.gov.cn"


@pytest.mark.django_db
def test_footer_leaves_out_blank_filing_numbers(client):
    page = text(client.get("/"))
    assert "主办单位" in page and "ICP备案号" not in page and "公安备案号" not in page


@pytest.mark.django_db
def test_large_type_mode_persists_without_javascript(client):
    response = client.get("/large-type/?on=1&next=/projects/%3Fregion%3Dchangchun")
    assert response.status_code == 302 and response["Location"] == "/projects/?region=changchun"
    assert response.cookies["large_type"].value == "1"
    assert '<html lang="zh-CN" class="large-type">' in client.get("/projects/").content.decode()
    client.get("/large-type/?on=0&next=/")
    assert 'class="large-type"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_large_type_switch_does_not_redirect_elsewhere(client):
    response = client.get("/large-type/?on=1&next=https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_not_found_page_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = main_text(response)
    assert "抱歉，您访问的页面不存在" in page and "返回首页" in page


def test_server_error_page_renders_without_database_or_context():
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "抱歉，网站暂时出现故障" in body and "吉林招商" in body


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "admin" not in body  # the admin's path is not given away
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_the_sitemap_index_splits_large_sections_into_parts(client, monkeypatch):
    from projects.sitemaps import ProjectSitemap

    monkeypatch.setattr(ProjectSitemap, "limit", 2)
    projects = [ProjectFactory() for _ in range(5)]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    parts = [el.text for el in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    project_parts = [p for p in parts if "sitemap-projects.xml" in p]
    assert len(project_parts) == 3  # 5 projects, 2 a part
    sizes = [
        len(ET.fromstring(client.get(p.removeprefix("http://testserver")).content))
        for p in project_parts
    ]
    assert sizes == [2, 2, 1]
    assert {f"http://testserver{p.get_absolute_url()}" for p in projects} <= sitemap_locations(
        client
    )


@pytest.mark.django_db
def test_sitemap_is_xml_listing_published_pages_only(client, demo):
    draft_project = ProjectFactory(name="草稿项目", draft=True)
    draft_article = ArticleFactory(draft=True)
    draft_event = EventFactory(draft=True)
    draft_policy = PolicyFactory(draft=True)
    PolicyMeasureFactory(policy=draft_policy, number=1)
    public_policy = PolicyFactory()
    PolicyMeasureFactory(policy=public_policy, number=7)
    locations = sitemap_locations(client)
    base = "http://testserver"
    article = Article.objects.published().get(original_code__startswith="0100")
    jishang = Event.objects.get(name="第七届全球吉商大会")
    for path in ("/", "/projects/", "/regions/changchun/", "/policies/", article.get_absolute_url(),
                 jishang.get_absolute_url(), f"/policies/{public_policy.slug}/7/"):  # fmt: skip
        assert base + path in locations, path
    for hidden in (draft_project, draft_article, draft_event, draft_policy):
        assert base + hidden.get_absolute_url() not in locations
    assert f"{base}/policies/{draft_policy.slug}/1/" not in locations


@pytest.mark.django_db
def test_search_box_in_the_header_searches_the_whole_site(client, demo):
    response = client.get("/")
    assert 'action="/search/"' in response.content.decode()
    assert "奥迪一汽新能源汽车项目" in main_text(client.get("/projects/?q=奥迪"))
    assert "华润中心" not in main_text(client.get("/projects/?q=奥迪"))


@pytest.mark.django_db
def test_navigation_marks_the_current_section(client):
    body = client.get("/projects/").content.decode()
    assert 'href="/projects/" aria-current="page">项目库' in body
    assert "/articles/feed/" in links(client.get("/"))


@pytest.mark.django_db
def test_robots_txt_answers_head_requests(client):
    assert client.head("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_no_public_page_sets_the_sites_records_against_official_figures(client, demo):
    """The reported-vs-recorded check is for editors (in the admin); to the public it read as
    the site contradicting the organisers."""
    for location in sitemap_locations(client):
        page = main_text(client.get(location.removeprefix("http://testserver")))
        assert "不一致" not in page and "已录入" not in page, location


@pytest.mark.django_db
def test_the_html_site_map_leads_to_every_section_region_industry_and_policy(client, demo):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    page = main_text(response)
    for name in ("项目库", "招商活动", "新闻动态", "政策文件", "统计数据", "长春市", "农安县",
                 "支持民营经济发展40条", "第七届全球吉商大会"):  # fmt: skip
        assert name in page
    assert "/sitemap.xml" in links(response)
    assert "/sitemap/" in links(client.get("/"))  # the footer's 网站地图 is this page


@pytest.mark.django_db
def test_a_favicon_and_touch_icon_answer(client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and 'rel="apple-touch-icon"' in page
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301
    assert redirect["Location"].endswith("/img/favicon.ico")  # WhiteNoise serves it in prod
    icon = (REPO / "static" / "img" / "favicon.ico").read_bytes()
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_a_printout_carries_the_page_address(client):
    body = client.get("/projects/?stage=signed").content.decode()
    assert '<p class="print-only">本页网址：http://testserver/projects/?stage=signed</p>' in body
    assert ".print-only" in (REPO / "static" / "css" / "print.css").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_pages_are_valid_where_the_html_checker_found_errors(client):
    from tests.articles.factories import ArticleFactory

    body = client.get("/projects/?investment_min=abc").content.decode()
    assert 'action=""' not in body and 'action="/projects/"' in body
    assert 'value="abc"' not in body  # an invalid value is not echoed into type="number"
    assert "请输入数字" in body
    article = ArticleFactory(summary="本文摘要")
    detail = client.get(article.get_absolute_url()).content.decode()
    assert detail.count('<meta name="description"') == 1
