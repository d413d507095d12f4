"""The site search finds what the source article states, and nothing that is not public."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from pagecache import versions
from search import query as search_query
from tests.articles.factories import PolicyFactory
from tests.projects.factories import ProjectFactory, region

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response


def titles(response):
    return [
        item["title"].replace("<mark>", "").replace("</mark>", "")
        for item in response.context["results"]
    ]


def test_audi_finds_the_project_and_the_source_article(client, demo):
    found = titles(search(client, q="奥迪"))
    assert "奥迪一汽新能源汽车项目" in found
    assert any(title.startswith("吉林省全力推进招商引资工作") for title in found)


def test_the_merchants_congress_is_found_by_its_short_name(client, demo):
    assert "第七届全球吉商大会" in titles(search(client, q="吉商大会"))


def test_private_economy_finds_the_forty_measure_policy(client, demo):
    assert "支持民营经济发展40条" in titles(search(client, q="民营经济"))


def test_changchun_projects_only(client, demo):
    response = search(client, q="长春", type="project")
    results = response.context["results"]
    assert results
    assert {item["kind"] for item in results} == {"项目"}
    assert all(item["region"] == "长春" for item in results)
    found = titles(response)
    assert "奥迪一汽新能源汽车项目" in found and "华润中心" in found


def test_drafts_scheduled_and_withdrawn_are_never_found(client, demo, monkeypatch):
    ProjectFactory(name="奥迪草稿项目", draft=True)
    scheduled = ProjectFactory(name="奥迪定时项目", published_at=timezone.now() + timedelta(days=2))
    withdrawn = ProjectFactory(name="奥迪撤回项目")
    withdrawn.status = PublicationStatus.DRAFT
    withdrawn.save()
    response = search(client, q="奥迪")
    page = response.text
    for name in ("奥迪草稿项目", "奥迪定时项目", "奥迪撤回项目"):
        assert name not in page
        assert name not in client.get(reverse("search:suggest"), {"q": "奥迪"}).json()
    public = len(response.context["results"])
    assert response.context["total"] == public
    assert sum(c["count"] for c in response.context["facet_list"][0]["choices"]) == public

    # A scheduled project is public once its time comes, without another write.
    monkeypatch.setattr(
        search_query.timezone, "now", lambda: scheduled.published_at + timedelta(minutes=1)
    )
    cache.clear()
    assert "奥迪定时项目" in titles(search(client, q="奥迪"))


def test_highlighting_escapes_what_was_stored_and_typed(client, db):
    ProjectFactory(name="<b>奥迪</b>测试项目", summary='简介<script>alert("奥迪")</script>')
    page = search(client, q="奥迪").text
    assert "&lt;b&gt;<mark>奥迪</mark>&lt;/b&gt;测试项目" in page
    assert "<script>alert" not in page
    typed = search(client, q="<img src=x onerror=alert(1)>奥迪").text
    assert "<img src=x" not in typed
    assert "&lt;img src=x onerror=alert(1)&gt;奥迪" in typed


def test_facets_count_exactly_and_filter(client, db):
    for n in range(3):
        ProjectFactory(name=f"长春汽车项目{n}", region=region("changchun"))
    ProjectFactory(name="农安汽车项目", region=region("nongan"))
    ProjectFactory(name="吉林汽车项目", region=region("jilin"))
    PolicyFactory(title="汽车产业政策", short_title="汽车政策")
    response = search(client, q="汽车")
    kinds, regions, _ = response.context["facet_list"]
    assert {c["label"]: c["count"] for c in kinds["choices"]} == {"项目": 5, "政策": 1}
    assert {c["value"]: c["count"] for c in regions["choices"]} == {"changchun": 4, "jilin": 1}
    # A region includes its counties.
    response = search(client, q="汽车", region="changchun")
    assert response.context["total"] == 4
    assert "农安汽车项目" in titles(response)


def test_an_empty_result_says_what_to_try(client, db):
    page = search(client, q="不存在的词语").text
    assert "没有找到" in page
    assert "检查输入的字词" in page
    assert "减少关键词" in page
    assert reverse("projects:region_list") in page and reverse("projects:industry_list") in page


HOSTILE = [
    "", "   ", "长" * 1000, "！？。，、", "\u3000\u3000奥迪\u3000", "& | ! : * ( ) \"", "奥迪\x00",
    "' OR 1=1 --", "NEAR(奥迪 一汽)", "title_terms:奥迪", "奥迪*", '"奥迪', "-奥迪", "^",
]  # fmt: skip


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_answer_200_in_chinese(client, demo, q):
    response = search(client, q=q, type="nope", region="atlantis", year="abc", page="x")
    assert "<html" in response.text
    assert client.get(reverse("search:suggest"), {"q": q}).status_code == 200


@pytest.mark.parametrize(
    "q, message",
    [
        ("", "请输入要搜索的词"),
        ("\u3000 \u3000", "请输入要搜索的词"),
        ("长" * 1000, "搜索词太长，只按前 100 个字搜索"),
        ("！？。，、", "搜索词里没有可以查找的文字或数字"),
        ('& | ! : * ( ) "', "搜索词里没有可以查找的文字或数字"),
    ],
)
def test_a_query_that_cannot_be_searched_as_typed_is_told_why_in_chinese(client, demo, q, message):
    assert message in search(client, q=q).text


@pytest.mark.parametrize("q", ["\u3000\u3000奥迪\u3000", "奥迪\x00", "奥迪*", "-奥迪", '"奥迪'])
def test_what_surrounds_a_word_does_not_keep_it_from_being_found(client, demo, q):
    assert "奥迪一汽新能源汽车项目" in titles(search(client, q=q))


def test_a_single_character_is_found_inside_words_in_titles_and_bodies(client, db):
    """One character is no word: it is looked for as it is, in titles and bodies."""
    in_title = ProjectFactory(name="霜岭酒厂项目")
    in_body = ProjectFactory(name="测试项目甲", summary="建设内容含霜降物流仓储")
    ProjectFactory(name="霜岭草稿项目", draft=True)
    ProjectFactory(name="测试项目乙")
    response = search(client, q="霜")
    assert {item["url"] for item in response.context["results"]} == {
        in_title.get_absolute_url(),
        in_body.get_absolute_url(),
    }
    assert "<mark>霜</mark>岭酒厂项目" in response.text


def test_the_snippet_shows_the_body_around_its_first_match(client, db):
    before, after = "前" * 300, "后" * 300
    ProjectFactory(name="测试项目", summary=f"{before}，新建长白山温泉度假区，{after}")
    item = search(client, q="温泉").context["results"][0]
    snippet = str(item["snippet"])
    assert "新建长白山<mark>温泉</mark>度假区" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")  # the body's start and end cut
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) < 200


@pytest.mark.parametrize("q", HOSTILE)
def test_a_hostile_keyword_on_the_project_list_answers_200(client, demo, q):
    response = client.get(reverse("projects:project_list"), {"q": q, "region": "atlantis"})
    assert response.status_code == 200
    assert "<html" in response.text


def test_unknown_filters_say_so(client, demo):
    response = search(client, q="奥迪", type="nope", region="atlantis")
    assert "没有这种内容类型" in response.text
    assert "没有这个地区" in response.text
    assert "奥迪一汽新能源汽车项目" in titles(response)


def count_queries(client, **params):
    """The statements the page runs (not the savepoint that keeps a test's transaction usable
    around the log's write: served, the page runs in none)."""
    with CaptureQueriesContext(connection) as captured:
        search(client, **params)
    return len([q for q in captured if "SAVEPOINT" not in q["sql"]])


def test_a_search_page_costs_the_same_queries_whatever_it_finds(client, db):
    ProjectFactory(name="奥迪唯一项目")
    for n in range(30):
        ProjectFactory(name=f"汽车项目{n}", summary="汽车")
    for n in range(25):
        ProjectFactory(name=f"配套项目{n}", summary="汽车储能配套")
    search(client, q="预热")  # the dictionary's names and the region names, loaded once
    first_pages, later_pages = [], []
    for params in [
        {"q": "奥迪"},  # one title match: the page straddles both tiers
        {"q": "汽车"},  # a page of title matches only
        {"q": "储能"},  # no title holds it: body matches only
        {"q": "汽车", "page": 3},  # body matches only
        {"q": "汽车", "page": 2, "type": "project", "region": "changchun"},  # straddles
    ]:
        versions.bump()  # nothing remembered of the search: a content change since
        (later_pages if "page" in params else first_pages).append(count_queries(client, **params))
    # One query finds when the content next changes by itself (the next scheduled publication),
    # one counts everything, one ranks the page (from the cards), one reads its documents; the
    # first page also logs the search. The names (regions, synonyms) are not read again: they
    # did not change.
    assert len(set(first_pages)) == 1 and first_pages[0] <= 5, first_pages
    assert set(later_pages) == {first_pages[0] - 1}, later_pages


def test_the_project_list_keyword_uses_the_index_with_the_other_filters(client, db):
    ProjectFactory(name="长春电池项目", region=region("changchun"), summary="新能源汽车动力电池")
    ProjectFactory(name="吉林电池项目", region=region("jilin"), summary="新能源汽车动力电池")
    ProjectFactory(name="长春草稿电池项目", region=region("changchun"), draft=True)
    # Words anywhere in name or text, not one substring: a LIKE on "电池 新能源" finds nothing.
    page = client.get("/projects/", {"q": "电池 新能源", "region": "changchun"}).text
    assert "长春电池项目" in page
    assert "吉林电池项目" not in page and "长春草稿电池项目" not in page


def dated(name, days_ago, **fields):
    return ProjectFactory(
        name=name, published_at=timezone.now() - timedelta(days=days_ago), **fields
    )


def test_titles_then_the_exact_phrase_then_the_newest_whatever_their_age(client, db):
    # Oldest first, so recency alone would give the reverse order.
    dated("汽车电池基地", 40)  # the phrase in the title
    dated("电池与汽车配套园", 30)  # both words in the title, apart
    dated("配套园甲", 20, summary="建设汽车电池生产线")  # the phrase in the body
    dated("配套园乙", 10, summary="电池供应汽车企业")  # both words in the body, apart
    assert search_query.parse("汽车电池").groups == [[["汽车"]], [["电池"]]]
    expected = ["汽车电池基地", "电池与汽车配套园", "配套园甲", "配套园乙"]
    assert titles(search(client, q="汽车电池")) == expected


def test_the_title_tier_orders_by_its_titles_the_body_tier_by_phrase_then_recency(client, db):
    # Title matches: the phrase in a title first; a phrase in the body does not lift a title
    # that holds the words apart. Then the body matches: the phrase (in the body) first.
    dated("汽车配套电池园甲", 30, summary="汽车电池生产线")  # older; the phrase in its body
    dated("汽车配套电池园乙", 20)  # newer; the same title words, apart
    dated("汽车电池基地", 40)  # oldest; the phrase in its title
    dated("配套园丙", 5, summary="电池供应汽车企业")  # body, apart, newest
    dated("配套园丁", 50, summary="建设汽车电池生产线")  # body, the phrase, oldest
    assert titles(search(client, q="汽车电池")) == [
        "汽车电池基地", "汽车配套电池园乙", "汽车配套电池园甲", "配套园丁", "配套园丙",
    ]  # fmt: skip


def test_pages_run_on_across_the_title_and_body_tiers(client, db):
    for n in range(23):
        dated(f"汽车项目{n}", n)
    for n in range(5):
        dated(f"配套项目{n}", n, summary="汽车")
    first = titles(search(client, q="汽车"))
    second = titles(search(client, q="汽车", page=2))
    assert first + second == [f"汽车项目{n}" for n in range(23)] + [
        f"配套项目{n}" for n in range(5)
    ]


def test_ts_rank_cd_orders_a_tier_before_recency_on_postgresql(client, db):
    dated("汽车零部件及储能电池产业园", 1)  # newer, the words far apart
    dated("汽车动力电池产业园", 50)  # older, the words close
    found = titles(search(client, q="汽车电池"))
    if connection.vendor == "postgresql":  # ts_rank_cd of the title, then the newest
        assert found == ["汽车动力电池产业园", "汽车零部件及储能电池产业园"]
    else:  # SQLite orders a tier by recency alone
        assert found == ["汽车零部件及储能电池产业园", "汽车动力电池产业园"]


def test_counts_are_exact_for_title_and_body_matches_whatever_the_filters(client, db):
    """Every count on the page (total, type, region, year) and the order of the tiers agree
    with counting the public records by hand, with and without each filter."""
    from datetime import datetime

    old, new = (timezone.make_aware(datetime(year, 6, 1)) for year in (2023, 2025))
    public = []  # (kind, area, region, year, name); names with 汽车 in them match by title

    def project(name, slug, when, summary="简介"):
        ProjectFactory(name=name, region=region(slug), published_at=when, summary=summary)
        area = "changchun" if slug == "nongan" else slug
        public.append(("project", area, slug, when.year, name))

    for n in range(3):
        project(f"长春汽车整车项目{n}", "changchun", old if n else new)
    for n in range(2):
        project(f"长春配套项目{n}", "changchun", new, summary="为汽车企业配套")
    project("农安汽车物流项目", "nongan", old)
    project("农安仓储项目", "nongan", new, summary="汽车零部件仓储")
    project("吉林配套项目", "jilin", old, summary="汽车")
    PolicyFactory(title="关于支持汽车产业的通知", short_title="汽车产业政策", published_at=new)
    public.append(("policy", "", "", new.year, "关于支持汽车产业的通知"))
    ProjectFactory(name="汽车草稿项目", draft=True)
    ProjectFactory(name="汽车定时项目", published_at=timezone.now() + timedelta(days=3))

    def admitted(row, kind="", slug="", year=None):
        return (
            (not kind or row[0] == kind)
            and (not slug or slug in (row[1], row[2]))
            and (not year or row[3] == year)
        )

    for filters in [{}, {"type": "project"}, {"region": "changchun"}, {"region": "nongan"},
                    {"year": 2023}, {"type": "project", "region": "changchun", "year": 2025}]:  # fmt: skip
        cache.clear()
        response = search(client, q="汽车", **filters)
        kind, slug, year = filters.get("type", ""), filters.get("region", ""), filters.get("year")
        expected = [row for row in public if admitted(row, kind, slug, year)]
        assert response.context["total"] == len(expected), filters
        found = titles(response)
        assert sorted(found) == sorted(row[4] for row in expected), filters
        in_title = sum("汽车" in row[4] for row in expected)
        assert all("汽车" in title for title in found[:in_title]), filters
        assert not any("汽车" in title for title in found[in_title:]), filters
        kinds, regions, years = response.context["facet_list"]

        def counts(choices):
            return {c["value"]: c["count"] for c in choices["choices"]}

        by_kind, by_area, by_year = {}, {}, {}
        for row in public:
            if admitted(row, "", slug, year):
                by_kind[row[0]] = by_kind.get(row[0], 0) + 1
            if admitted(row, kind, "", year) and row[1]:
                by_area[row[1]] = by_area.get(row[1], 0) + 1
            if admitted(row, kind, slug, None):
                by_year[row[3]] = by_year.get(row[3], 0) + 1
        assert counts(kinds) == by_kind, filters
        assert counts(regions) == by_area, filters
        assert counts(years) == by_year, filters


def test_each_result_is_dated_in_beijing_time(client, db):
    ProjectFactory(name="冰雪装备项目", published_at=datetime(2024, 5, 1, 17, 30, tzinfo=UTC))
    page = search(client, q="冰雪装备").text
    assert '<time datetime="2024-05-02T01:30:00+0800">2024-05-02</time>' in page
