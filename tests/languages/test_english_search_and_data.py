"""/en/search/, /en/data/ and /en/api/ in English: their chrome, and on the search page the
English title and the English page of each result that has one."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import PolicyFactory
from tests.pages import main_text
from tests.projects.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_page_is_in_english(client):
    ProjectFactory(name="长春汽车城", name_en="Changchun Auto City")
    shown = main_text(client.get("/en/search/?q=汽车"))
    for words in ("Search this site", "1 result for", "Type", "Region", "Year", "All"):
        assert words in shown, words
    assert "站内搜索" not in shown and "共找到" not in shown and "全部" not in shown


def test_an_english_search_that_finds_nothing_gives_english_advice(client):
    shown = main_text(client.get("/en/search/?q=无此词"))
    assert "Nothing was found for" in shown and "You can:" in shown
    assert "check the words for typing mistakes" in shown
    assert "browse the projects by region or industry" in shown
    assert "没有找到" not in shown


def test_english_results_link_english_pages_by_their_english_titles(client):
    audi = ProjectFactory(name="奥迪汽车项目", name_en="Audi vehicle plant")
    city = ProjectFactory(name="长春汽车城")  # no English yet
    page = body(client, "/en/search/?q=汽车")
    assert f'<a href="/en/projects/{audi.slug}/">Audi vehicle plant</a>' in page
    assert f'<a href="/en/projects/{city.slug}/" lang="zh-Hans">长春<mark>汽车</mark>城</a>' in page
    chinese = body(client, "/search/?q=汽车")
    assert f'<a href="/projects/{audi.slug}/">奥迪<mark>汽车</mark>项目</a>' in chinese


def test_english_titles_cost_one_query_per_kind_whatever_the_number_of_results(client):
    def queries(path):
        body(client, "/en/search/?q=吉林")  # names saved since the last search reload first
        with CaptureQueriesContext(connection) as captured:
            body(client, path)
        return len(captured)

    ProjectFactory(name="吉林汽车一号", name_en="Jilin auto one")
    EventFactory(name="汽车博览会一号")
    PolicyFactory(title="汽车产业政策一号")
    few = queries("/en/search/?q=汽车")
    for n in range(8):
        ProjectFactory(name=f"吉林汽车{n}号", name_en=f"Jilin auto {n}")
        EventFactory(name=f"汽车博览会{n}号")
    assert queries("/en/search/?q=汽车") == few


def test_the_data_page_is_in_english(client):
    shown = main_text(client.get("/en/data/"))
    for words in ("Investment projects", "Published investment projects", "Column header",
                  "Project summary", "Date of the first signing", "Licence: Creative Commons",
                  "Please credit", "Download", "the columns whose header ends in"):  # fmt: skip
        assert words in shown, words
    assert "字段说明" not in shown and "许可协议" not in shown
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.en"' in body(client, "/en/data/")
    assert "许可协议" in main_text(client.get("/data/"))


def test_the_api_page_is_in_english_and_the_api_stays_chinese(client):
    shown = main_text(client.get("/en/api/"))
    for words in ("Paging:", "query parameters", "Investment projects: list", "Start year",
                  "Address of the project's page", "Example:"):  # fmt: skip
        assert words in shown, words
    assert "分页" not in shown and "查询参数" not in shown
    document = json.loads(client.get("/api/openapi.json").content)
    assert document["paths"]["/api/projects/"]["get"]["summary"] == "招商项目列表"
    assert re.search("分页", main_text(client.get("/api/")))


def test_the_english_header_box_suggests_english_titles(client):
    ProjectFactory(name="吉林汽车零部件园", name_en="Jilin Auto Parts Park")
    ProjectFactory(name="长春汽车物流园")  # no English: its Chinese title
    english = client.get("/en/search/suggest/", {"q": "汽车"}).json()
    assert "Jilin Auto Parts Park" in english and "长春汽车物流园" in english
    assert "吉林汽车零部件园" in client.get("/search/suggest/", {"q": "汽车"}).json()
