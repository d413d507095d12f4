"""A query of several words on PostgreSQL counts its matches from the per-term figures of its
rarest word less the documents that hold that word without the query, and finds its title tier's
first page among the newest title cards when that is exact: the counts and the pages are what counting
and ranking every match give, whichever way the index changes."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from search import counts, outranking, query, ranking
from search.facets import Filters
from tests.projects.factories import ProjectFactory, region
from tests.search.test_indexing import admin_action

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite counts and ranks every match"
    ),
]


def nonzero(found):
    return [{key: n for key, n in part.items() if n} for part in found]


def assert_counted_near_term(words, monkeypatch):
    """Counting from the rarest word's figures, and falling back to counting every match when
    the differences are more than expected, agree with counting every match."""
    parsed = query.parse(words)
    terms, held = counts.several_terms(parsed)
    assert len(terms) > 1, terms
    live = nonzero(counts.counted(parsed))
    differing = []
    original = counts.differing_sql
    monkeypatch.setattr(counts, "differing_sql", lambda *a: differing.append(a) or original(*a))
    monkeypatch.setattr(counts, "FEW", 0)  # (the test's words are rare)
    assert nonzero(counts.counted_near_term(parsed, terms, held)) == live, words
    assert differing  # from the figures
    monkeypatch.setattr(counts, "LACKING", 0)
    assert nonzero(counts.counted_near_term(parsed, terms, held)) == live, words
    monkeypatch.undo()
    return live


def search_total(client, q, **params):
    cache.clear()
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.context["total"]


def test_counts_follow_edits_publication_and_schedules(client, admin_client, monkeypatch):
    when = timezone.now() - timedelta(days=30)
    ProjectFactory(name="长春冰雪旅游项目", region=region("changchun"), published_at=when)
    ProjectFactory(name="冰雪装备项目", summary="发展冰雪旅游", region=region("nongan"))
    ProjectFactory(name="冰雪运动中心", summary="冰雪运动")  # 冰雪 without 旅游
    ProjectFactory(name="旅游集散中心", summary="乡村旅游")  # 旅游 without 冰雪
    draft = ProjectFactory(name="冰雪旅游草稿项目", draft=True)
    ProjectFactory(name="冰雪旅游定时项目", published_at=timezone.now() + timedelta(days=2))
    assert assert_counted_near_term("冰雪旅游", monkeypatch)[0]
    assert search_total(client, "冰雪旅游") == 2
    assert search_total(client, "冰雪旅游", region="changchun") == 2  # 农安 is in 长春
    admin_action(admin_client, Project, "publish", [draft])
    assert_counted_near_term("冰雪旅游", monkeypatch)
    assert search_total(client, "冰雪旅游") == 3
    moved = Project.objects.get(name="冰雪装备项目")
    moved.summary = "冰雪装备制造"  # out of the query, still holding 冰雪
    moved.save()
    assert_counted_near_term("冰雪旅游", monkeypatch)
    assert search_total(client, "冰雪旅游") == 2
    admin_action(admin_client, Project, "withdraw", [draft], post="yes", reason="数据有误")
    assert_counted_near_term("冰雪旅游", monkeypatch)
    assert search_total(client, "冰雪旅游") == 1
    # A search reads the counts from the figures when its rarest word is not rare, and counts
    # every match when too many documents hold a word without the query.
    for few, lacking in [(0, counts.LACKING), (0, 0)]:
        monkeypatch.setattr(counts, "FEW", few)
        monkeypatch.setattr(counts, "LACKING", lacking)
        assert search_total(client, "冰雪旅游") == 1
        assert search_total(client, "冰雪旅游", type="project", region="changchun") == 1
        assert search_total(client, "冰雪旅游", region="jilin") == 0


def titles(client, **params):
    cache.clear()
    response = client.get(reverse("search:search"), params)
    return [
        r["title"].replace("<mark>", "").replace("</mark>", "") for r in response.context["results"]
    ]


def test_the_title_tier_ranks_the_newest_titles_only_when_that_is_exact(client, monkeypatch):
    now = timezone.now()
    for n in range(30):  # the newest: the phrase
        ProjectFactory(name=f"冰雪旅游项目{n:02d}", published_at=now - timedelta(days=n + 1))
    older = now - timedelta(days=400)
    ProjectFactory(name="冰雪旅游冰雪旅游基地", published_at=older)  # twice: no sooner
    ProjectFactory(name="冰雪节与旅游节", published_at=older)  # apart, no phrase: last
    ProjectFactory(name="冰雪旅游老项目", published_at=older - timedelta(days=1))
    walked = []
    newest = ranking.newest_titles
    monkeypatch.setattr(ranking, "newest_titles", lambda *a: walked.append(a) or newest(*a))
    monkeypatch.setattr(ranking, "WALK_FROM", 1)
    monkeypatch.setattr(ranking, "WALK_ROWS", 25)  # the older titles are not walked
    expected = [f"冰雪旅游项目{n:02d}" for n in range(30)]
    expected += ["冰雪旅游冰雪旅游基地", "冰雪旅游老项目", "冰雪节与旅游节"]

    def pages(**params):
        return titles(client, q="冰雪旅游", **params) + titles(
            client, q="冰雪旅游", page=2, **params
        )

    assert pages() == expected
    assert walked  # and the walk answered
    # Newest titles without the phrase: the walk cannot tell, every title match is ranked, the
    # closer words (ts_rank_cd) before the farther.
    for n in range(25):
        ProjectFactory(name=f"冰雪主题旅游项目{n:02d}", published_at=now - timedelta(hours=n + 1))
    ProjectFactory(name="冰雪产业园配套乡村旅游项目", published_at=now)
    found = pages()
    assert found[:33] == [*expected[:-1], "冰雪主题旅游项目00"]
    assert found[33:40] == [f"冰雪主题旅游项目{n:02d}" for n in range(1, 8)]
    monkeypatch.setattr(ranking, "WALK_FROM", 10**6)  # ranking every title match: the same
    assert pages() == found
    assert titles(client, q="冰雪旅游", page=3)[-2:] == [
        "冰雪节与旅游节",
        "冰雪产业园配套乡村旅游项目",
    ]


def test_the_walk_reads_the_newest_cards_only_until_its_page_is_found(db, monkeypatch):
    """A common phrase's first page is among the first few hundred newest title cards: the
    walk stops at its page's last title, however many cards it may read at most (it read all
    WALK_ROWS before, 10 ms of every such search at 200,000 documents); for two words, at the
    last of the CUT_FROM pages of title matches it ranks to find the rank to beat."""
    now = timezone.now()
    for n in range(40):
        ProjectFactory(name=f"冰雪旅游项目{n:02d}", published_at=now - timedelta(hours=2 * n + 1))
        ProjectFactory(name=f"配套园区{n:02d}", published_at=now - timedelta(hours=2 * n + 2))
    for n in range(40):  # older cards the walk may read, and need not
        ProjectFactory(name=f"物流园区{n:02d}", published_at=now - timedelta(days=n + 30))
    monkeypatch.setattr(ranking, "WALK_ROWS", 150)
    end = 10
    for words, titles in (("冰雪旅游项目", end), ("冰雪旅游", outranking.CUT_FROM * end)):
        parsed = query.parse(words)
        assert bool(ranking.pair(parsed)) == (words == "冰雪旅游")
        # every other card holds the words
        assert cards_walked(parsed, end) == 2 * titles - 1, words


def cards_walked(parsed, end):
    """How many of the newest title cards newest_titles reads for the first `end` titles
    of `parsed` (all holding the phrase), in its plan as on a large table."""
    statements = []
    with connection.cursor() as cursor:  # as on a large table: the newest, in the index's order
        for scan in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (
            statements.append((sql, params)),
            execute(sql, params, many, context),
        )[1]
    ):
        rows = ranking.newest_titles(parsed, Filters(), end)
    assert len(rows) == end and all(phrase == 1 for _, _, phrase, _, _ in rows)
    ((sql, params),) = statements
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]

    def scans(node):
        if node.get("Index Name") == "search_titlecard_recent_idx" and node["Actual Loops"]:
            yield node  # (not the ranking of every title match: it did not run)
        for child in node.get("Plans", []):
            yield from scans(child)

    (recent,) = scans(plan)
    return recent["Actual Rows"]


@pytest.mark.parametrize("lacking", [3, 8])
def test_words_the_figures_show_apart_are_counted_without_a_sample(client, monkeypatch, lacking):
    """冰雪 in 长春's projects, 旅游 in 吉林's, both in two: the figures per region show that
    most documents holding 冰雪 lack 旅游, so the matches are counted one by one at once, not
    after reading a sample of documents to find it out: whether more lack it than the figures
    may correct (LACKING 3: 6 of 8 lack 旅游) or only more than a sample may find lacking for
    "near" (LACKING 8: a share of 1 - 8 / 2 / 8 = 0.5 needed, 2 of 8 at most)."""
    for n in range(6):
        ProjectFactory(name=f"冰雪运动中心{n}", region=region("changchun"))
        ProjectFactory(name=f"乡村旅游基地{n}", region=region("jilin"))
    for n in range(2):
        ProjectFactory(name=f"冰雪旅游项目{n}", region=region("changchun"))
    sampled = []
    original = counts.shares_holding
    monkeypatch.setattr(counts, "shares_holding", lambda *a: sampled.append(a) or original(*a))
    monkeypatch.setattr(counts, "FEW", 0)
    monkeypatch.setattr(counts, "LACKING", lacking)  # 冰雪 in 8, both in at most 2
    parsed = query.parse("冰雪旅游")
    terms, held = counts.several_terms(parsed)
    live = nonzero(counts.counted(parsed))
    matches, _ = counts.counted_near_term(parsed, terms, held, sides=(0,))
    assert nonzero([matches]) == live[:1]
    assert not sampled
    assert search_total(client, "冰雪旅游") == 2
    assert search_total(client, "冰雪旅游", region="jilin") == 0
    assert not sampled
    # Titles alike (the title matches counted later): both sides are apart here.
    assert nonzero(counts.counted_near_term(parsed, terms, held)) == live
    assert not sampled


def test_a_sample_that_misleads_is_answered_by_counting_every_match(client, monkeypatch):
    """The sample (the first documents holding 冰雕) finds both words in each, but five of the
    seven documents holding 冰雕 lack 乐园, more than the figures may correct (LACKING 2): every
    match is counted instead, for the matches and for the title matches. (That branch called
    `counted`, a name the branch above it rebound to a dict: a 500.)"""
    for n in range(2):
        ProjectFactory(name=f"冰雕乐园{n}")  # first: the sample's
    for n in range(5):
        ProjectFactory(name=f"冰雕展馆{n}")
    for n in range(10):
        ProjectFactory(name=f"主题乐园{n}")
    monkeypatch.setattr(counts, "FEW", 0)
    monkeypatch.setattr(counts, "SAMPLE", 2)
    monkeypatch.setattr(counts, "LACKING", 2)
    parsed = query.parse("冰雕乐园")
    terms, held = counts.several_terms(parsed)
    assert counts.rarest(terms, held, "default")[:2] == ("冰雕", (7, 7))
    assert counts.shares_holding(parsed, "冰雕", 0, "default") == (1.0, 1.0)
    live = nonzero(counts.counted(parsed))
    assert nonzero(counts.counted_near_term(parsed, terms, held)) == live
    matches, _ = counts.counted_near_term(parsed, terms, held, sides=(0,))
    assert nonzero([matches]) == live[:1]
    assert search_total(client, "冰雕乐园") == 2


def test_the_matches_alone_are_counted_without_sampling_titles(monkeypatch):
    """Page 1 ranked beside the counts asks for the matches only: the sample reads documents,
    not titles as well (each sample reads its word's whole list in the index)."""
    for n in range(3):
        ProjectFactory(name=f"冰雪旅游项目{n}")
    ProjectFactory(name="冰雪运动中心")
    monkeypatch.setattr(counts, "FEW", 0)
    monkeypatch.setattr(counts, "LACKING", 2)
    parsed = query.parse("冰雪旅游")
    terms, held = counts.several_terms(parsed)
    with CaptureQueriesContext(connection) as captured:
        matches, titles = counts.counted_near_term(parsed, terms, held, sides=(0,))
    assert titles is None and nonzero([matches]) == nonzero(counts.counted(parsed))[:1]
    samples = [q["sql"] for q in captured if " sample)" in q["sql"]]
    assert len(samples) == 1 and "search_card" in samples[0]
    assert "search_titlecard" not in samples[0]
