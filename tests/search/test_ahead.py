"""Page 1 of a new search is ranked on a connection of its own while the request counts its
matches (PostgreSQL, search.ahead): the same page as ranked in the request, which it falls back
to if that fails. (Other tests run inside a transaction, where the page is ranked in the
request: another connection would not see their data.)"""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import ahead, counts, ranking
from tests.projects.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # (the regions)
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

QUERIES = [  # of several words: a one-word query is counted from its term's figures at once
    {"q": "汽车 项目"},  # title matches only on page 1
    {"q": "汽车 配套"},  # body matches only
    {"q": "储能 电站"},  # both on page 1
    {"q": "汽车 项目", "type": "project", "region": "changchun"},
]


@pytest.fixture
def found(monkeypatch):
    now = timezone.now()
    for n in range(24):
        ProjectFactory(name=f"汽车项目{n:02d}", published_at=now - timedelta(days=n + 1))
    for n in range(6):
        ProjectFactory(
            name=f"配套园{n}", summary="为汽车企业配套", published_at=now - timedelta(days=n)
        )
    for n in range(3):
        ProjectFactory(name=f"储能电站{n}", published_at=now - timedelta(days=40 + n))
        ProjectFactory(
            name=f"光伏园{n}", summary="配建储能电站", published_at=now - timedelta(days=n)
        )
    ProjectFactory(name="汽车草稿项目", draft=True)
    ranked_in = []
    first_page = ranking.first_page

    def recorded(*args):
        ranked_in.append(threading.current_thread().name)
        return first_page(*args)

    monkeypatch.setattr(ranking, "first_page", recorded)
    yield ranked_in
    ahead.close()  # its connections, before the test database is emptied


def results(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response.context["total"], [item["url"] for item in response.context["results"]]


def pages(client):
    found = []
    for params in QUERIES:
        cache.clear()
        found.append(results(client, **params))
    return found


def test_page_one_is_ranked_beside_the_counts_as_the_request_ranks_it(client, found, monkeypatch):
    beside = pages(client)
    assert len(found) == len(QUERIES) and all(n.startswith("search-ahead") for n in found)
    assert [total for total, _ in beside] == [24, 6, 6, 24]  # (all in 长春) not the draft
    assert len(beside[0][1]) == 20 and all("/projects/" in url for url in beside[0][1])
    monkeypatch.setattr(ahead, "start", lambda *args: None)  # ranked in the request
    found.clear()
    assert pages(client) == beside
    assert found == []  # (page_of_results ranked it, not first_page)


def test_beside_a_page_ranked_ahead_the_request_counts_no_title_matches(client, found, monkeypatch):
    """Page 1 needs no title tier's size: the request waits for one count, not two; page 2
    counts the title matches (the title tier's 24 titles end on it)."""
    asked = []
    counted_near_term = counts.counted_near_term

    def recorded(*args, sides=(0, 1)):
        asked.append(sides)
        return counted_near_term(*args, sides=sides)

    monkeypatch.setattr(counts, "counted_near_term", recorded)
    cache.clear()
    assert results(client, q="汽车 项目")[0] == 24
    assert asked == [(0,)]  # the matches alone
    total, urls = results(client, q="汽车 项目", page=2)
    assert total == 24 and len(urls) == 4
    assert asked == [(0,), (1,)]  # then the title matches


def test_a_search_whose_counts_are_remembered_is_ranked_in_the_request(client, found):
    cache.clear()
    results(client, q="汽车 项目")
    results(client, q="汽车 项目", region="changchun")  # the same counts, another page
    assert [name.startswith("search-ahead") for name in found] == [True, False]
    found.clear()
    results(client, q="汽车")  # one word
    assert found == []


def test_page_one_ranked_from_the_match_counts_alone_is_the_ranked_page(client, found, monkeypatch):
    """Counted beside a page ranked ahead, the title matches are not counted: another page 1
    of the same words is ranked knowing only how many matches it has, and is the page that
    ranking knowing both gives."""
    alone = []
    for params in QUERIES:
        cache.clear()
        results(client, **params, year="1999")  # the counts, without the title matches
        alone.append(results(client, **params))
    assert [name.startswith("search-ahead") for name in found] == [True, False] * len(QUERIES)
    monkeypatch.setattr(ahead, "start", lambda *args: None)  # both counted, then ranked
    assert pages(client) == alone


def test_if_ranking_beside_fails_the_request_ranks_the_page(client, found, monkeypatch):
    expected = pages(client)
    first_page = ranking.first_page

    def fails_in_the_pool(*args):
        if threading.current_thread().name.startswith("search-ahead"):
            raise RuntimeError("the connection broke")
        return first_page(*args)

    monkeypatch.setattr(ranking, "first_page", fails_in_the_pool)
    assert pages(client) == expected
