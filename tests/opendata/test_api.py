"""The read-only JSON API: public rows only, the project list's filters, bounded pages, ETags,
400 in Chinese for bad parameters, and a fixed number of queries per page."""

import itertools
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from opendata.api import MAX_PAGE_SIZE
from projects.models import ProjectStage
from tests.projects.factories import (
    EventFactory,
    IndustryFactory,
    ProjectFactory,
    StatisticFactory,
    region,
)

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def names(client, url="/api/projects/", **params):
    response, data = get(client, url, **params)
    assert response.status_code == 200, data
    key = "indicator" if "statistics" in url else "name"
    return [item[key] for item in data["results"]]


@pytest.fixture
def projects(db):
    ProjectFactory(name="长春项目", region=region("changchun"), stage=ProjectStage.SIGNED)
    ProjectFactory(name="农安项目", region=region("nongan"), total_investment=Decimal("100"))
    ProjectFactory(name="吉林项目", region=region("jilin"))
    ProjectFactory(name="草稿项目", draft=True)
    ProjectFactory(name="定时项目", published_at=timezone.now() + timedelta(days=1))


def test_only_public_rows(client, projects):
    EventFactory(name="公开活动")
    EventFactory(name="草稿活动", draft=True)
    StatisticFactory(indicator="公开指标")
    StatisticFactory(indicator="草稿指标", draft=True)
    assert sorted(names(client)) == ["农安项目", "吉林项目", "长春项目"]
    assert names(client, "/api/events/") == ["公开活动"]
    assert names(client, "/api/statistics/") == ["公开指标"]


def test_the_project_lists_filters_are_honoured(client, projects):
    assert sorted(names(client, region="changchun")) == ["农安项目", "长春项目"]
    assert names(client, stage=ProjectStage.SIGNED) == ["长春项目"]
    assert names(client, q="吉林") == ["吉林项目"]
    assert names(client, investment_min="50") == ["农安项目"]
    assert names(client, region="changchun", ordering="-investment")[0] == "农安项目"
    industry = IndustryFactory(name="汽车")
    ProjectFactory(name="汽车项目").industries.add(industry)
    assert names(client, industry=industry.slug) == ["汽车项目"]


def test_event_and_statistic_filters(client, db):
    EventFactory(name="二〇二二", start_date="2022-06-28", region=region("changchun"))
    EventFactory(name="二〇二一", start_date="2021-06-28", region=region("jilin"))
    StatisticFactory(indicator="到位资金", year=2022)
    StatisticFactory(indicator="利用外资", year=2021)
    assert names(client, "/api/events/", year="2022") == ["二〇二二"]
    assert names(client, "/api/events/", region="changchun") == ["二〇二二"]
    assert names(client, "/api/statistics/", year="2021") == ["利用外资"]
    assert names(client, "/api/statistics/", indicator="到位资金") == ["到位资金"]


def test_pages_are_bounded_and_link_to_each_other(client, db):
    for number in range(5):
        ProjectFactory(name=f"项目{number}")
    response, data = get(client, "/api/projects/", page_size="2", region="changchun")
    assert (data["count"], data["pages"], data["page"], data["previous"]) == (5, 3, 1, None)
    assert data["next"] == "http://testserver/api/projects/?page_size=2&region=changchun&page=2"
    _, last = get(client, "/api/projects/", page_size="2", page="3")
    assert len(last["results"]) == 1 and last["next"] is None
    seen = {item["name"] for p in (1, 2, 3) for item in get(client, "/api/projects/",
            page_size="2", page=str(p))[1]["results"]}  # fmt: skip
    assert len(seen) == 5
    response, data = get(client, "/api/projects/", page_size=str(MAX_PAGE_SIZE + 1))
    assert response.status_code == 400 and f"最大为 {MAX_PAGE_SIZE}" in data["error"]
    response, data = get(client, "/api/projects/", page="4", page_size="2")
    assert response.status_code == 400 and data["error"] == "没有第 4 页：共 3 页。"
    response, data = get(client, "/api/projects/", page="101", page_size="100")
    assert response.status_code == 400 and "/data/" in data["error"]


def test_etag_and_conditional_get(client, projects):
    response, _ = get(client, "/api/projects/")
    etag = response["ETag"]
    again = client.get("/api/projects/", headers={"if-none-match": etag})
    assert again.status_code == 304 and not again.content
    ProjectFactory(name="新项目")
    changed = client.get("/api/projects/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "新项目" in changed.content.decode()


def test_conditional_get_without_the_page_cache(client, projects, settings):
    settings.PAGE_CACHE_SECONDS = 0
    etag = client.get("/api/events/")["ETag"]
    assert client.get("/api/events/", headers={"if-none-match": etag}).status_code == 304


HOSTILE = [
    ("/api/projects/", {"region": "atlantis"}, "没有这个地区"),
    ("/api/projects/", {"investment_min": "abc"}, "请输入数字"),
    ("/api/projects/", {"investment_min": "9" * 40}, "数字太长"),
    ("/api/projects/", {"ordering": "drop table"}, "没有这种排序方式"),
    ("/api/projects/", {"year": "1066"}, "这一年没有签约记录"),
    ("/api/projects/", {"q": "长" * 101}, "不要超过 100 个字"),
    ("/api/projects/", {"page": "abc"}, "page 应为正整数"),
    ("/api/projects/", {"page": "0"}, "page 应为正整数"),
    ("/api/projects/", {"page": "1" * 30}, "page 应为正整数"),
    ("/api/projects/", {"page_size": "-1"}, "page_size 应为正整数"),
    ("/api/projects/", {"page": "１"}, "page 应为正整数"),  # a full-width digit
    ("/api/projects/", {"format": "xml"}, "不支持的参数：format"),
    ("/api/projects/", {"region": "\x00"}, "筛选条件有误"),
    ("/api/events/", {"year": "abc"}, "年份请填写四位数字"),
    ("/api/events/", {"year": "99999"}, "年份"),
    ("/api/events/", {"kind": "party"}, "没有这种活动类型"),
    ("/api/statistics/", {"indicator": "指" * 101}, "不要超过 100 个字"),
    ("/api/statistics/", {"region": "../../etc"}, "没有这个地区"),
]


@pytest.mark.parametrize(("url", "params", "message"), HOSTILE)
def test_bad_parameters_answer_400_in_chinese(client, db, url, params, message):
    response, data = get(client, url, **params)
    assert response.status_code == 400
    assert message in data["error"]
    assert response["Cache-Control"] == "no-store"


def test_only_get(client, db):
    assert client.post("/api/projects/").status_code == 405


def count_queries(client, url):
    cache.clear()  # neither the page nor remembered counts come from the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/api/projects/", "/api/projects/?region=changchun&ordering=-signed&page_size=100",
            "/api/events/", "/api/statistics/?year=2022"],
)  # fmt: skip
def test_a_fixed_number_of_queries_per_page(client, db, url):
    industry = IndustryFactory()
    numbers = itertools.count()

    def add(n):
        for number in itertools.islice(numbers, n):
            ProjectFactory().industries.add(industry)
            EventFactory()
            StatisticFactory(year=2022, indicator=f"指标{number}")

    add(2)
    few = count_queries(client, url)
    add(40)
    assert count_queries(client, url) == few
    assert few <= 8


def test_results_follow_publication(client, db):
    project = ProjectFactory(name="将要撤回")
    assert names(client) == ["将要撤回"]
    project.status = PublicationStatus.DRAFT
    project.save()
    assert names(client) == []
