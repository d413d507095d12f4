"""A word found in a few old documents is found without reading every newer one (PostgreSQL).

A one-word query's tiers are in recency order alone, so PostgreSQL could walk the recency index
and match each card in turn until it has a page: quick for a word in many recent documents,
but for one in two old bodies it read every newer card's vector (1.4 s a search at 200,000
documents), and every newer title for one in two old titles (180 ms; the suggestions too). The
walk is what PostgreSQL plans from some thousands of documents on."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import query as search_query
from search import ranking, suggestions
from search.models import Document
from tests.projects.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]

NEWER = 10_000  # as many as make PostgreSQL plan a page as it does on a large table


@pytest.fixture
def rare(monkeypatch):
    """NEWER recent documents, and two old projects holding 鲟鱼 (in the body) and 琥珀 (in
    the title); a walk of the newest cards reads 50 at most."""
    now = timezone.now()
    Document.objects.bulk_create(
        Document(
            kind="article",
            object_id=10**6 + n,
            title=f"汽车产业动态{n}",
            title_terms=f"汽车 产业 动态 {n}",
            body="新能源汽车",
            body_terms="新能源 能源 汽车",
            url=f"/articles/{n}/",
            year=timezone.localtime(now - timedelta(minutes=n + 1)).year,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(NEWER)
    )
    for n in range(2):
        ProjectFactory(
            name=f"养殖基地{n}琥珀",
            summary="鲟鱼养殖",
            published_at=now - timedelta(days=900 + n),
        )
    with connection.cursor() as cursor:  # as (auto)vacuum leaves a table: no pending GIN entries
        for index in ("search_card_vector_idx", "search_titlecard_vector_idx"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE search_card, search_titlecard")
        # What PostgreSQL weighs on a table of 200,000: ordering ~1,000 matches (its guess
        # for any word) looks dearer than reading the newest cards until 20 match.
        cursor.execute("SET LOCAL enable_sort = off")
    monkeypatch.setattr(ranking, "BODY_WALK_ROWS", 50)
    monkeypatch.setattr(ranking, "WALK_ROWS", 50)


def rows_read(table, function):
    """Rows of `table` the statements `function()` runs read (kept and filtered out), by
    EXPLAIN ANALYZE of each; and what the function returned."""
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        returned = function()

    def read(node):
        n = 0
        if node.get("Relation Name") == table:
            kept = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
            n += kept * node["Actual Loops"]
        return n + sum(read(child) for child in node.get("Plans", []))

    total = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if sql.lstrip().upper().startswith(("SELECT", "WITH", "(")):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                total += read(cursor.fetchone()[0][0]["Plan"])
    return total, returned


def page(client, q):
    cache.clear()
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return [item["url"] for item in response.context["results"]]


def test_a_word_in_two_old_bodies_reads_no_newer_card(client, rare):
    read, found = rows_read("search_card", lambda: page(client, "鲟鱼"))
    assert len(found) == 2
    assert read < 200  # the walk (50) and the matches; not every newer card


def test_a_word_in_two_old_titles_reads_no_newer_title(client, rare):
    read, found = rows_read("search_titlecard", lambda: page(client, "琥珀"))
    assert len(found) == 2
    assert read < 200


def test_a_word_in_two_old_titles_is_suggested_without_reading_every_title(client, rare):
    def suggested():
        cache.clear()
        return client.get(reverse("search:suggest"), {"q": "琥珀"}).json()

    read, found = rows_read("search_titlecard", suggested)
    assert found == ["养殖基地0琥珀", "养殖基地1琥珀"]
    assert read < 200


def suggest(client, q):
    cache.clear()
    return client.get(reverse("search:suggest"), {"q": q}).json()


def title_rows_fetched():
    """Title cards this transaction has read, by any scan (PostgreSQL's counters: what ran,
    with the planner settings it ran with; EXPLAIN after the fact plans without them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = 'search_titlecard'"
        )
        return cursor.fetchone()[0]


def test_a_fragment_of_two_old_titles_is_completed_without_reading_every_title(
    client, rare, monkeypatch
):
    """No title holds 殖 as a word: the box completes the text as typed, from the titles'
    trigram index, after the newest titles (walked in order, it read every newer title:
    100,000 of them, 26 ms, for 民营经 at 300,000 documents)."""
    monkeypatch.setattr(suggestions, "WALK", 50)
    before = title_rows_fetched()
    assert suggest(client, "殖基地") == ["养殖基地0琥珀", "养殖基地1琥珀"]
    assert title_rows_fetched() - before < 200


def test_a_single_character_reads_the_newest_documents_only(client, rare, monkeypatch):
    """A one-character search is bounded to the newest documents, read once a page: it read
    every title and body instead (107–172 ms at 300,000 documents), twice or more."""
    monkeypatch.setattr(search_query, "SINGLE_CHARACTER_SCAN", 50)
    read, found = rows_read("search_document", lambda: page(client, "琥"))
    assert found == []  # its two old titles are beyond the newest 50
    assert read < 2 * 50  # the newest 50, once for the whole page (the counts asked twice)
    monkeypatch.setattr(search_query, "SINGLE_CHARACTER_SCAN", 20_000)
    assert len(page(client, "琥")) == 2
