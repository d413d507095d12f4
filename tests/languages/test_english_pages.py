"""Under /en/ every public page is in English, names its Chinese counterpart and back."""

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from jlsite.templatetags.formatting import amount, cn_date, cn_date_range, cn_month
from languages.paths import in_language
from projects.models import Project
from tests.pages import SITEMAP_NS, sitemap_locations, text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "/",
    "/projects/",
    "/events/",
    "/regions/",
    "/industries/",
    "/statistics/",
    "/articles/",
    "/policies/",
    "/sitemap/",
    "/projects/?q=%E6%B1%BD%E8%BD%A6&ordering=-investment",
]  # 汽车; fmt: skip
ENGLISH_NAVIGATION = ["Home", "Projects", "Events", "News", "Policies", "Regions", "Industries",
                      "Statistics", "Site map"]  # fmt: skip


def public_paths(client):
    """The sections and every page the sitemap lists, as paths (Chinese)."""
    listed = [re.sub(r"^https?://[^/]+", "", loc) for loc in sitemap_locations(client)]
    return sorted(set(SECTIONS + listed))


def alternates(body):
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body)
    return {lang: html.unescape(href) for lang, href in found}


def switch(body):
    """(address, hreflang) of the language switch."""
    found = re.search(r'<a class="language-switch" href="([^"]+)" hreflang="([^"]+)"', body)
    return html.unescape(found[1]), found[2]


def test_every_public_page_answers_in_english_with_alternates_and_a_switch(client, demo):
    paths = public_paths(client)
    assert len(paths) > 40
    for path in paths:
        english = in_language(path, "en")
        response = client.get(english)
        assert response.status_code == 200, english
        body = response.content.decode()
        assert '<html lang="en"' in body, english
        shown = text(response)
        for word in ENGLISH_NAVIGATION:
            assert word in shown, (english, word)
        assert "项目库" not in shown and "首页" not in shown, english
        links = alternates(body)
        assert links["zh-Hans"] == "http://testserver" + path, english
        assert links["en"] == "http://testserver" + english, english
        assert links["x-default"] == links["zh-Hans"]
        assert switch(body) == (path, "zh-Hans"), english


def test_chinese_pages_name_their_english_counterpart(client, demo):
    for path in SECTIONS:
        body = client.get(path).content.decode()
        assert '<html lang="zh-CN"' in body
        assert alternates(body)["en"] == "http://testserver" + in_language(path, "en")
        assert alternates(body)["x-default"] == "http://testserver" + path
        assert switch(body) == (in_language(path, "en"), "en")
        assert ">English</a>" in body


def test_the_switch_leads_to_the_same_page_in_the_other_language(client, demo):
    body = client.get("/regions/changchun/").content.decode()
    english = client.get(switch(body)[0])
    assert english.status_code == 200
    assert "Regions" in text(english) and "Projects" in text(english)
    back = client.get(switch(english.content.decode())[0])
    assert back.request["PATH_INFO"] == "/regions/changchun/"
    assert "项目库" in text(back)


def test_navigation_marks_the_current_section_in_english(client, demo):
    body = client.get("/en/projects/").content.decode()
    assert 'href="/en/projects/" aria-current="page">Projects' in body


def test_english_amounts_and_dates_on_the_pages(client, demo):
    home = text(client.get("/en/"))
    assert "CNY 8.864 billion" in home  # 88.64亿元
    assert "CNY 66.302 billion" in home  # 663.02亿元
    assert "亿元" not in home
    audi = Project.objects.get(name_zh_hans="奥迪一汽新能源汽车项目")
    progress = text(client.get(in_language(audi.get_absolute_url(), "en"))).split("Progress")[1]
    assert progress.startswith(" 28 June 2022 Construction started")


@pytest.mark.parametrize(
    "value, english, chinese",
    [(Decimal("88.64"), "CNY 8.864 billion", "88.64亿元"),
     (Decimal("0.125"), "CNY 12.5 million", "1250万元"),
     (Decimal("663.02"), "CNY 66.302 billion", "663.02亿元"),
     (Decimal("5"), "CNY 500 million", "5亿元"),
     (Decimal("10"), "CNY 1 billion", "10亿元")],
)  # fmt: skip
def test_amounts_follow_the_language(value, english, chinese):
    assert amount(value) == chinese
    with translation.override("en"):
        assert amount(value) == english


def test_dates_follow_the_language():
    day = date(2022, 6, 28)
    assert cn_date(day) == "2022年6月28日"
    with translation.override("en"):
        assert cn_date(day) == "28 June 2022"
        assert cn_month(day) == "June 2022"
        assert cn_date_range(date(2022, 9, 9), date(2022, 9, 11)) == "9–11 September 2022"
        assert (
            cn_date_range(date(2022, 9, 30), date(2022, 10, 2)) == "30 September – 2 October 2022"
        )


def test_filter_forms_and_their_messages_are_in_english(client, demo):
    response = client.get("/en/projects/?investment_min=abc&page=1")
    shown = text(response)
    assert "Minimum total investment (CNY 100 million)" in shown
    assert "Please enter a number in units of CNY 100 million" in shown
    assert "Some filters are not valid" in shown
    page = text(client.get("/en/projects/?page=99"))
    assert "There is no page 99" in page
    assert "projects found" in text(client.get("/en/projects/"))


def test_an_unknown_english_address_answers_an_english_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_english_pages_are_cached_apart_from_the_chinese(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/en/projects/")["X-Page-Cache"] == "miss"
    assert client.get("/projects/")["X-Page-Cache"] == "miss"
    english = client.get("/en/projects/")
    assert english["X-Page-Cache"] == "hit"
    assert "Projects" in text(english) and "项目库" not in text(english)
    assert "项目库" in text(client.get("/projects/"))


def test_the_admin_stays_chinese_and_unprefixed(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert "内容管理" in admin_client.get("/admin/").content.decode()
    assert admin_client.get("/en/admin/").status_code == 404


def test_the_feed_has_an_english_title(client, demo):
    response = client.get("/en/articles/feed/")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Invest in Jilin · Latest articles"
    assert channel.findtext("language") == "en"


def test_the_sitemap_names_the_english_page_of_every_address(client, demo):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    part = index.find("s:sitemap/s:loc", SITEMAP_NS).text.removeprefix("http://testserver")
    urls = ET.fromstring(client.get(part).content).findall("s:url", SITEMAP_NS)
    assert urls
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for url in urls:
        loc = url.find("s:loc", SITEMAP_NS).text
        links = {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
        path = loc.removeprefix("http://testserver")
        assert links == {
            "zh-Hans": loc,
            "en": "http://testserver" + in_language(path, "en"),
            "x-default": loc,
        }
