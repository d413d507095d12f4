"""Suggestions, synonyms, pinyin and the query log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from search.models import QueryLog, Synonym
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def titles(client, q, **params):
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return [
        str(item["title"]).replace("<mark>", "").replace("</mark>", "")
        for item in response.context["results"]
    ]


def suggest(client, q):
    response = client.get(reverse("search:suggest"), {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_suggestions_are_at_most_eight_public_titles(client, db):
    for n in range(12):
        ProjectFactory(name=f"汽车产业园项目{n}")
    ProjectFactory(name="汽车草稿项目", draft=True)
    found = suggest(client, "汽车")
    assert len(found) == 8
    assert all("汽车" in title for title in found)
    assert "汽车草稿项目" not in found
    assert suggest(client, "") == []


@pytest.mark.parametrize(
    "typed, title",
    [
        ("民营经", "支持民营经济发展40条"),
        ("吉商大", "第七届全球吉商大会"),
        ("奥迪一", "奥迪一汽新能源汽车项目"),
        ("营经", "支持民营经济发展40条"),  # two characters: among the newest titles
    ],
)
def test_a_word_half_typed_is_completed_from_the_titles(client, demo, typed, title):
    """The box suggests while one types: a title holding the text typed so far is suggested
    before its last word is whole (no title holds 经 or 大 as a word)."""
    assert title in suggest(client, typed)


def test_completions_are_public_titles_newest_first(client, db):
    older = ProjectFactory(
        name="民营经济示范园区一期项目", published_at=timezone.now() - timedelta(days=9)
    )
    newer = ProjectFactory(name="民营经济示范园区二期项目")
    ProjectFactory(name="民营经济示范园区草稿项目", draft=True)
    ProjectFactory(name="民营经济示范园区定时项目", published_at=timezone.now() + timedelta(days=2))
    withdrawn = ProjectFactory(name="民营经济示范园区撤回项目")
    withdrawn.status = PublicationStatus.DRAFT
    withdrawn.save()
    assert suggest(client, "营经济示") == [newer.name, older.name]


def test_the_header_box_is_enhanced_by_a_static_script(client, db):
    page = client.get("/").text
    assert 'data-suggest-url="/search/suggest/"' in page
    assert "js/search-suggest.js" in page


def test_synonyms_from_the_table_expand_queries(client, demo):
    # The two examples are in the table from the start (migration 0003).
    assert "第七届全球吉商大会" in titles(client, "吉商大会")
    ProjectFactory(name="中国第一汽车集团红旗工厂项目")
    assert "中国第一汽车集团红旗工厂项目" in titles(client, "一汽")
    assert "奥迪一汽新能源汽车项目" in titles(client, "中国第一汽车集团")


def test_the_long_name_finds_what_holds_only_the_short_one(client, demo):
    ProjectFactory(name="吉商大会签约测试项目")
    assert "吉商大会签约测试项目" in titles(client, "全球吉商大会")


def test_an_editor_adds_a_synonym_and_searches_use_it(client, demo, editor_user):
    assert "第二届中国新电商大会" not in titles(client, "电商节")
    staff = client.__class__()
    staff.force_login(editor_user)
    response = staff.post(reverse("admin:search_synonym_add"), {"words": "电商节 新电商大会"})
    assert response.status_code == 302
    assert Synonym.objects.filter(words="电商节 新电商大会").exists()
    assert "第二届中国新电商大会" in titles(client, "电商节")


def test_pinyin_finds_the_chinese_name(client, demo):
    found = titles(client, "changchun", type="project")
    assert "奥迪一汽新能源汽车项目" in found
    assert "华润中心" in found


def test_queries_are_logged_without_who_searched(client, db):
    ProjectFactory(name="奥迪测试项目")
    client.get(reverse("search:search"), {"q": "奥迪"}, REMOTE_ADDR="10.1.2.3")
    client.get(reverse("search:search"), {"q": "不存在"})
    client.get(reverse("search:search"), {"q": "奥迪", "page": "2"})  # paging is not a search
    logged = {(log.query, log.results) for log in QueryLog.objects.all()}
    assert logged == {("奥迪", 1), ("不存在", 0)}
    fields = {f.name for f in QueryLog._meta.get_fields()}
    assert fields == {"id", "query", "results", "searched_at"}


def test_the_weekly_report_lists_top_and_unanswered_queries(admin_client):
    for query, results, times in (("汽车", 5, 3), ("长春", 2, 1), ("氢能", 0, 2)):
        for _ in range(times):
            QueryLog.objects.create(query=query, results=results)
    old = QueryLog.objects.create(query="去年的词", results=0)
    QueryLog.objects.filter(pk=old.pk).update(searched_at=timezone.now() - timedelta(days=400))
    page = admin_client.get(reverse("admin:search_querylog_changelist")).text
    top, zero = page.split("没有找到结果的词")
    assert top.index("汽车") < top.index("氢能") < top.index("长春")
    assert "氢能" in zero and "汽车" not in zero
    assert "去年的词" not in page


def test_the_weekly_report_goes_from_week_to_week(admin_client):
    QueryLog.objects.create(query="上周的词", results=3)
    QueryLog.objects.filter(query="上周的词").update(searched_at=timezone.now() - timedelta(days=7))
    url = reverse("admin:search_querylog_changelist")
    this_week = admin_client.get(url)
    assert "上周的词" not in this_week.text
    previous = this_week.context["previous_week"]
    assert f"?week={previous}" in this_week.text  # the link to the week before
    last_week = admin_client.get(url, {"week": previous})
    assert "上周的词" in last_week.text
    assert last_week.context["monday"] == this_week.context["monday"] - timedelta(days=7)


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2026-W60", "abc", "2026-W", "\x00"])
def test_a_week_out_of_the_calendar_shows_this_week(admin_client, week):
    url = reverse("admin:search_querylog_changelist")
    response = admin_client.get(url, {"week": week})
    assert response.status_code == 200
    assert response.context["monday"] == admin_client.get(url).context["monday"]


REFUSED = {  # the database refuses every log entry
    "postgresql": "ALTER TABLE search_querylog ADD CONSTRAINT refused CHECK (false) NOT VALID",
    "sqlite": "CREATE TRIGGER refused BEFORE INSERT ON search_querylog "
    "BEGIN SELECT RAISE(ABORT, 'refused'); END",
}
ALLOWED = {
    "postgresql": "ALTER TABLE search_querylog DROP CONSTRAINT refused",
    "sqlite": "DROP TRIGGER refused",
}


def refused_log_is_answered(client, caplog):
    ProjectFactory(name="奥迪测试项目")
    with connection.cursor() as cursor:
        cursor.execute(REFUSED[connection.vendor])
    try:
        assert titles(client, "奥迪") == ["奥迪测试项目"]
        assert "'奥迪' was answered but not logged" in caplog.text
        assert titles(client, "测试项目") == ["奥迪测试项目"]  # the transaction goes on
    finally:
        with connection.cursor() as cursor:
            cursor.execute(ALLOWED[connection.vendor])
    assert not QueryLog.objects.exists()
    titles(client, "奥迪")
    assert QueryLog.objects.count() == 1


def test_a_search_whose_log_is_refused_is_answered(client, caplog):
    """Inside a transaction (a test's) the refused write is undone alone and the transaction
    goes on."""
    refused_log_is_answered(client, caplog)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # (the regions)
def test_a_search_whose_log_is_refused_is_answered_as_served(client, caplog):
    """As the site serves it, each statement committed alone."""
    refused_log_is_answered(client, caplog)
