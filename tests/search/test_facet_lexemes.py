"""A filtered search finds the matches its filters admit in the full-text index itself on
PostgreSQL (each card's vector holds its type, region, area and year as lexemes), and those
lexemes follow every change of a record's facets."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from search import facets, query, ranking
from tests.projects.factories import ProjectFactory, region

pytestmark = pytest.mark.django_db


def found(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return [item["url"] for item in response.context["results"]]


def test_a_filtered_search_follows_a_record_that_moves_region_or_year(client):
    project = ProjectFactory(
        name="风电基地", summary="新建能源装备", region=region("huichun"),
        published_at=timezone.make_aware(datetime(2021, 5, 1)),
    )  # fmt: skip
    url = project.get_absolute_url()
    assert found(client, q="能源", region="yanbian", year="2021", type="project") == [url]
    project.region = region("nongan")
    project.save()
    assert found(client, q="能源", region="yanbian") == []
    assert found(client, q="能源", region="changchun", year="2021") == [url]
    project.published_at = timezone.make_aware(datetime(2023, 5, 1))
    project.save()
    assert found(client, q="能源", region="changchun", year="2021") == []
    assert found(client, q="能源", region="changchun", year="2023") == [url]
    assert found(client, q="能源", type="article") == []


def test_a_region_filter_finds_a_citys_counties_and_the_city_itself(client):
    city = ProjectFactory(name="甲", summary="能源", region=region("yanbian"))
    county = ProjectFactory(name="乙", summary="能源", region=region("huichun"))
    ProjectFactory(name="丙", summary="能源", region=region("changchun"))
    expected = [city.get_absolute_url(), county.get_absolute_url()]
    assert sorted(found(client, q="能源", region="yanbian")) == sorted(expected)
    assert found(client, q="能源", region="huichun") == [county.get_absolute_url()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index and plans")
def test_the_body_tier_is_narrowed_by_the_filters_in_the_index():
    """Filtered as columns, a search for 能源 of projects in 延边 in 2021 read all 57,800 cards
    holding 能源 at 200,000 documents to keep 15."""
    ProjectFactory(name="风电基地", summary="能源", region=region("huichun"))
    parsed = query.parse("能源")
    filters = facets.Filters(kind="project", region="yanbian", year=2021)
    body = ranking.tier(parsed, filters.q(), title=False, facets=filters)
    with CaptureQueriesContext(connection) as captured:
        list(body.values("id"))
    (sql,) = [q["sql"] for q in captured.captured_queries]
    for lexeme in ("'kind=project'", "'region=yanbian'", "'area=yanbian'", "'year=2021'"):
        assert lexeme in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_card WHERE vector @@ "
            "'''kind=project'' & ''area=yanbian'' & ''region=huichun'''::tsquery"
        )
        assert cursor.fetchone()[0] == 1
