"""A one-word search on PostgreSQL reads its facet counts from per-term figures (search_termcount,
kept by triggers on the documents) and its first title matches from the newest title cards:
both stay exact whichever way the index changes, and give what counting and ordering every
match gives."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Policy
from projects.models import Project, Region
from search import counts, query, ranking
from search.models import Document, TermCount
from tests.articles.factories import PolicyFactory, PolicyMeasureFactory
from tests.projects.factories import ProjectFactory, region
from tests.search.test_indexing import HEADERS, admin_action
from tests.spreadsheet_files import csv_bytes

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite counts every search's matches"
)


def kept():
    """{(term, kind, region, area, year): (documents, title documents)} as the triggers keep
    them (rows a change brought to zero left out)."""
    return {
        tuple(key): (matches, titles)
        for *key, matches, titles in TermCount.objects.values_list(
            "term", "kind", "region", "area", "year", "matches", "title_matches"
        )
        if matches or titles
    }


def recounted():
    """The same, counted afresh from the documents' terms."""
    counts = {}
    for doc in Document.objects.all():
        in_title = set(doc.title_terms.split())
        for term in in_title | set(doc.body_terms.split()):
            key = (term, doc.kind, doc.region, doc.area, doc.year or 0)
            matches, titles = counts.get(key, (0, 0))
            counts[key] = (matches + 1, titles + (term in in_title))
    return counts


def assert_counts_follow(*words):
    assert kept() == recounted()
    for word in words:  # and a search for the word counts what its matches give
        parsed = query.parse(word)
        assert query.one_term(parsed) == word
        live = [{k: n for k, n in part.items() if n} for part in counts.counted(parsed)]
        counted = counts.counted_term(parsed, word)
        assert [{k: n for k, n in part.items() if n} for part in counted] == live, word


@postgresql_only
def test_saves_edits_and_deletes(client):
    ProjectFactory(name="奥迪汽车项目", region=region("changchun"))
    moved = ProjectFactory(name="汽车配套项目", region=region("nongan"), summary="奥迪配套")
    assert_counts_follow("奥迪", "汽车")
    moved.name, moved.region = "配套项目", region("jilin")  # out of its title, another region
    moved.published_at = timezone.make_aware(datetime(2023, 5, 1))  # another year
    moved.save()
    assert_counts_follow("奥迪", "汽车", "配套")
    moved.delete()
    assert_counts_follow("奥迪", "汽车", "配套")


@postgresql_only
def test_publish_and_withdraw_actions_and_a_policys_measures(admin_client):
    project = ProjectFactory(name="奥迪测试项目", draft=True)
    policy = PolicyFactory(short_title="民营经济测试条款", draft=True)
    PolicyMeasureFactory(policy=policy, number=1, text="支持民营企业融资")
    admin_action(admin_client, Project, "publish", [project])
    admin_action(admin_client, Policy, "publish", [policy])
    assert_counts_follow("奥迪", "融资")
    admin_action(admin_client, Project, "withdraw", [project], post="yes", reason="数据有误")
    policy.status = "draft"
    policy.save()
    assert_counts_follow("奥迪", "融资")


@postgresql_only
def test_bulk_imports_renames_and_rebuilds(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "项目.csv"
    rows = [
        ["P1", "奥迪导入项目", "长春", "1", "已发布"],
        ["P2", "红旗导入项目", "吉林", "2", "已发布"],
    ]
    path.write_bytes(csv_bytes([HEADERS, *rows]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", "projects", str(path), "--publish", stdout=None)
    assert Document.objects.count() == 2
    assert_counts_follow("奥迪", "红旗", "长春")
    changchun = Region.objects.get(slug="changchun")
    changchun.name, changchun.short_name = "春城市", "春城"
    with django_capture_on_commit_callbacks(execute=True):
        changchun.save()
    assert_counts_follow("奥迪", "春城", "长春")
    Document.objects.filter(title__startswith="红旗").delete()
    Document.objects.create(
        kind="project", object_id=999999, title="幽灵", title_terms="幽灵", url="/x/",
        published_at=timezone.now(), year=2026,
    )  # fmt: skip
    call_command("rebuild_search_index", stdout=None, stderr=None)
    assert_counts_follow("奥迪", "红旗", "幽灵")


@postgresql_only
def test_a_scheduled_document_is_counted_once_due(client, monkeypatch):
    ProjectFactory(name="奥迪现有项目")
    scheduled = ProjectFactory(name="奥迪定时项目", published_at=timezone.now() + timedelta(days=2))
    assert_counts_follow("奥迪")
    assert search_total(client, "奥迪") == 1
    later = scheduled.published_at + timedelta(minutes=1)
    monkeypatch.setattr(query.timezone, "now", lambda: later)
    cache.clear()
    assert search_total(client, "奥迪") == 2


def search_total(client, q, **params):
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.context["total"]


def titles(client, **params):
    response = client.get(reverse("search:search"), params)
    return [
        r["title"].replace("<mark>", "").replace("</mark>", "") for r in response.context["results"]
    ]


def test_a_common_words_title_matches_come_newest_first_on_every_page(client, monkeypatch):
    """Read from the newest title cards (PostgreSQL), or ordered whole when they do not hold
    the page: the same pages either way, with any filter, and on SQLite."""
    now = timezone.now()
    expected = {}
    for n in range(60):
        slug = ("changchun", "jilin", "nongan")[n % 3]
        when = now - timedelta(days=9 * n + 1)
        name = f"汽车项目{n:02d}" + ("汽车" if n % 4 == 0 else "")  # a title may repeat the word
        ProjectFactory(name=name, region=region(slug), published_at=when)
        if n % 5:
            ProjectFactory(name=f"配套项目{n:02d}", published_at=when, summary="汽车")
        filters = [(), ("year", timezone.localtime(when).year)]
        if slug != "jilin":  # 农安 is a county of 长春
            filters.append(("region", "changchun"))
        for condition in filters:
            expected.setdefault(condition, []).append(name)
    monkeypatch.setattr(ranking, "WALK_FROM", 1)

    def pages(condition, rows):
        monkeypatch.setattr(ranking, "WALK_ROWS", rows)
        found = []
        for page in (1, 2):
            cache.clear()
            found += titles(client, q="汽车", page=page, **dict([condition] if condition else []))
        return found

    assert len(expected) >= 4  # everything, a region, two years
    for condition, names in expected.items():
        want = names[:40]  # the title matches on the first two pages
        assert pages(condition, 5000)[: len(want)] == want, condition  # the newest cards hold them
        assert pages(condition, 25)[: len(want)] == want, condition  # not: every match ordered


def test_a_phrase_across_the_title_and_the_body_is_no_phrase(client):
    """The body tier puts the typed phrase first, found in the title or in the body: not in
    their join (what PostgreSQL's trigram index reads first)."""
    now = timezone.now()
    ProjectFactory(name="配套园甲", summary="供应新能源 电池", published_at=now - timedelta(days=9))
    ProjectFactory(name="配套园乙新能源", summary="电池工厂", published_at=now - timedelta(days=1))
    assert ranking.TRIGRAM.search("新能源 电池")
    assert titles(client, q="新能源 电池") == ["配套园甲", "配套园乙新能源"]
