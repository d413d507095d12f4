"""A query of two words ranks only the titles that can be on its page (PostgreSQL): the newest
title matches, and of the older ones those holding the phrase, the two words closer together
than the page's last title holds them, or a word twice.
Ranking every title match took 29 ms of 玉米加工's page at 200,000 documents (12,550 titles
holding 玉米 and 加工 two apart): the page is the same, whatever the older titles hold."""

import random
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import query, ranking
from search.facets import Filters
from tests.projects.factories import ProjectFactory, region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_rank_cd: PostgreSQL"),
]


@pytest.fixture
def corn(monkeypatch):
    """40 newer projects holding 玉米 and 加工 two apart (玉米深加工, ts_rank_cd 0.5) among
    other projects, and older ones that outrank them or not; the walk reads 30 cards."""
    now = timezone.now()
    for n in range(40):
        ProjectFactory(name=f"玉米深加工基地{n:02d}", published_at=now - timedelta(hours=2 * n + 1))
        ProjectFactory(name=f"物流园区{n:02d}", published_at=now - timedelta(hours=2 * n + 2))
    older = now - timedelta(days=400)  # (the year before: a year filter divides them)
    titles = {
        "加工玉米示范园": older,  # the words next to each other: 1.0
        "玉米深加工与玉米种植基地": older - timedelta(days=1),  # 玉米 twice: two covers
        "玉米加工产业园": older - timedelta(days=2),  # the phrase
        "玉米产品精细加工中心": older - timedelta(days=3),  # farther apart: after the rest
        "玉米深加工老基地": older - timedelta(days=4),  # 0.5, but older than the newest
    }
    for name, when in titles.items():
        ProjectFactory(name=name, published_at=when, region=region("changchun"))
    monkeypatch.setattr(ranking, "WALK_FROM", 1)
    monkeypatch.setattr(ranking, "WALK_ROWS", 30)
    return query.parse("玉米加工")


def every_title_ranked(parsed, filters, end):
    rows = ranking.tier(parsed, filters.q(), title=True).values_list(*ranking.ORDER_FIELDS)
    return [row[0] for row in rows[:end]]


def test_the_first_pages_are_those_of_every_title_ranked(corn):
    assert ranking.pair(corn) == ("玉米", "加工")

    def year(ago):  # (the walk of a year starts at its newest card)
        return Filters(year=timezone.localtime(timezone.now() - ago).year)

    newest, oldest = year(timedelta(hours=1)), year(timedelta(days=400))
    for filters in (
        Filters(),
        Filters(kind="project"),
        Filters(region="changchun"),
        newest,
        oldest,
    ):
        for end in (10, 20, 60):
            rows = ranking.newest_titles(corn, filters, end)
            assert rows and [row[0] for row in rows] == every_title_ranked(corn, filters, end)
    first = [row[0] for row in ranking.newest_titles(corn, Filters(), 10)]
    names = dict(ranking.TitleCard.objects.filter(id__in=first).values_list("id", "title"))
    assert [names[pk] for pk in first[:4]] == [
        "玉米加工产业园",
        "加工玉米示范园",
        "玉米深加工与玉米种植基地",
        "玉米深加工基地00",
    ]


def test_the_older_titles_that_cannot_outrank_the_page_are_not_ranked(corn):
    """Before, every title match (45) was ranked; now the older ones that cannot be on the page
    are left out as they are read (their words' ts_rank_cd is not computed)."""
    plan = explained(lambda: ranking.newest_titles(corn, Filters(), 10))

    def ranked(node):  # the rows each ordering of the title tier's titles was given
        keys = node.get("Sort Key", [])  # (phrase, rank, published_at, id: the tier's order)
        if node["Node Type"] == "Sort" and len(keys) == 4 and "published_at DESC" in keys[2]:
            yield sum(child["Actual Rows"] * child["Actual Loops"] for child in node["Plans"])
        for child in node.get("Plans", []):
            yield from ranked(child)

    # The 15 title matches among the 30 walked cards and the 3 older titles that outrank them;
    # before, all 45.
    assert max(ranked(plan)) == 15 + 3


def test_the_older_titles_are_found_from_the_indexes_not_read_one_by_one(corn):
    """Only the older titles holding the words close (or one twice, or the phrase) are read,
    found from the near-pair and title-trigram indexes (migration 0013): before, every older
    title holding both words was read to check it (56 rows here)."""
    with connection.cursor() as cursor:  # (as at scale: a few dozen titles are read whole)
        cursor.execute("SET enable_seqscan = off")
    try:
        plan = explained(lambda: ranking.newest_titles(corn, Filters(), 10))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    # 加工玉米示范园 and 玉米加工产业园 hold the words one apart, 玉米深加工与玉米种植基地 a word
    # twice (3, from the near pairs); 玉米加工产业园 the phrase too (1, from the trigrams).
    assert titles_read(plan) == 4


def test_the_near_pairs_are_the_terms_within_three_places_and_those_held_twice(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_near_pairs('玉米:1 加工:3 基地:8 玉米:5 园区:6')")
        (pairs,) = cursor.fetchone()
    # 玉米 and 加工 two apart (1 and 3, 5 and 3), 玉米 and 基地 three (5, 8), 玉米 twice; in
    # code-point order (加 < 园 < 基 < 玉).
    assert (
        pairs == "'加工~园区~3' '加工~玉米~2' '园区~基地~2' '园区~玉米~1' '基地~玉米~3' '玉米~玉米'"
    )


def explained(run):
    """The plan (EXPLAIN ANALYZE) of the one statement `run()` runs."""
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (
            statements.append((sql, params)),
            execute(sql, params, many, context),
        )[1]
    ):
        run()
    ((sql, params),) = statements
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Plan"]


def titles_read(node):
    """The title-card rows the plan `node` read, but for the newest cards walked (CTE ranked)."""
    if node.get("Subplan Name") == "CTE ranked":
        return 0
    read = 0
    if node.get("Relation Name") == "search_titlecard":
        rows = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        read = (rows + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
    return read + sum(titles_read(child) for child in node.get("Plans", []))


def test_the_search_page_shows_the_titles_that_outrank_the_newest(client, corn):
    cache.clear()
    response = client.get(reverse("search:search"), {"q": "玉米加工"})
    titles = [
        r["title"].replace("<mark>", "").replace("</mark>", "") for r in response.context["results"]
    ]
    assert titles[:4] == [
        "玉米加工产业园",
        "加工玉米示范园",
        "玉米深加工与玉米种植基地",
        "玉米深加工基地00",
    ]
    assert "玉米产品精细加工中心" not in titles and "玉米深加工老基地" not in titles


@pytest.mark.parametrize(
    "typed", ["玉米加工", "玉米 加工"]
)  # (the older titles from the indexes, or all read)
def test_any_titles_give_the_pages_of_every_title_ranked(monkeypatch, typed):
    """Titles holding the two words at every distance, in either order, once or more often,
    with or without the phrase, at random times: each first page is the same either way."""
    rng = random.Random(7)
    words = ["种植", "基地", "产业", "园区", "冷链", "物流"]
    kinds = ["玉米深加工"] * 6 + ["加工玉米", "玉米加工", "玉米种植加工", "玉米深加工玉米", "玉米"]
    now = timezone.now()
    for n in range(150):
        name = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        name = rng.choice(kinds) + name + rng.choice(["", "", "加工"])  # mostly two apart
        ProjectFactory(name=f"{name}{n}", published_at=now - timedelta(hours=rng.randint(1, 5000)))
    monkeypatch.setattr(ranking, "WALK_FROM", 1)
    parsed = query.parse(typed)
    assert ranking.pair(parsed)
    for rows in (10, 20, 40, 200):
        monkeypatch.setattr(ranking, "WALK_ROWS", rows)
        for end in (5, 10, 30):
            found = [row[0] for row in ranking.newest_titles(parsed, Filters(), end)]
            assert found == every_title_ranked(parsed, Filters(), end), (rows, end)
