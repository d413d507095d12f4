"""Deep pages of the project list. From `deferred_from` rows on, a page picks its ids from the
ordering alone and then reads those rows (pagecache/paginator.py): the reader sees the same
projects in the same order as before, with the same queries; and on PostgreSQL every ordering
the list offers, in Chinese and in English, is read from an index instead of sorting the table
(the newest-first and by-name indexes once named the `name` column while the list sorts by the
language's `name_zh_hans` or `name_en`, so page 500 sorted 10,000 rows)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pagecache.paginator import RememberedCountPaginator
from projects.filters import ProjectFilter
from projects.models import Project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "-investment", "investment", "-signed", "signed", "name", "-name"]
LISTS = ["/projects/", "/en/projects/"]


@pytest.fixture
def catalogue(settings):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    for i in range(50):  # ties in every ordering, and unknown amounts and dates
        ProjectFactory(
            name=f"项目{i % 17:02d}号{i}",
            name_en="" if i % 4 == 0 else f"Project {i % 13:02d}-{i}",
            published_at=now - timedelta(days=1 + i // 3),
            total_investment=None if i % 7 == 0 else Decimal(i % 5),
            first_signed_on=None if i % 6 == 0 else date(2022, 1, 1) + timedelta(days=i % 9),
        )


def page(client, path, ordering, number):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"ordering": ordering, "page": number})
    assert response.status_code == 200
    return [p.pk for p in response.context["object_list"]], len(queries)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_deep_pages_show_what_reading_through_offset_showed(
    client, catalogue, monkeypatch, path, ordering
):
    monkeypatch.setattr(RememberedCountPaginator, "deferred_from", 10**9)
    through_offset = [page(client, path, ordering, n) for n in (1, 2, 3)]
    monkeypatch.setattr(RememberedCountPaginator, "deferred_from", 20)  # pages 2 and 3
    deferred = [page(client, path, ordering, n) for n in (1, 2, 3)]
    assert [ids for ids, _ in deferred] == [ids for ids, _ in through_offset]
    assert sum(len(ids) for ids, _ in deferred) == 50
    assert deferred[2][1] == deferred[0][1]  # a deep page costs the queries of the first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_ordering_of_the_list_is_read_from_an_index(catalogue, language, ordering):
    with translation.override(language):
        listed = ProjectFilter(
            QueryDict(f"ordering={ordering}"), queryset=Project.objects.published()
        ).qs
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
            plan = listed.values("pk")[40:60].explain()
    assert "Sort" not in plan, plan
