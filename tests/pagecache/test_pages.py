"""Anonymous pages come from the cache, and every change shows at the next request."""

import gzip
import time
from datetime import timedelta

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from pagecache import middleware as page_middleware
from pagecache import versions as page_versions
from projects.models import Project, Statistic
from projects.resources import ProjectResource
from tests.articles.factories import ArticleFactory, ChannelFactory, PolicyFactory
from tests.conftest import sign_in
from tests.pages import text
from tests.projects.factories import (
    EventFactory,
    IndustryFactory,
    ProjectFactory,
    StatisticFactory,
    region,
)
from tests.spreadsheet_files import import_rows

pytestmark = pytest.mark.django_db


def moment(year):
    return timezone.make_aware(timezone.datetime(year, 6, 1, 12))


def get(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code in (200, 304, 404), path
    return response, len(queries)


def test_the_second_anonymous_request_comes_from_the_cache_without_queries(client):
    ProjectFactory(name="缓存项目")
    first, first_queries = get(client, "/projects/")
    second, second_queries = get(client, "/projects/")
    assert first["X-Page-Cache"] == "miss" and first_queries > 0
    assert second["X-Page-Cache"] == "hit" and second_queries == 0
    assert second.content == first.content
    assert "缓存项目" in text(second)


def test_editing_publishing_withdrawing_and_deleting_show_at_the_next_request(client):
    project = ProjectFactory(name="原名项目")
    get(client, "/projects/")
    get(client, project.get_absolute_url())

    project.name = "新名项目"
    project.save()
    assert "新名项目" in text(get(client, "/projects/")[0])
    assert "新名项目" in text(get(client, project.get_absolute_url())[0])

    draft = ProjectFactory(name="草稿项目", draft=True)
    assert "草稿项目" not in text(get(client, "/projects/")[0])
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    assert "草稿项目" in text(get(client, "/projects/")[0])

    project.status = PublicationStatus.DRAFT
    project.save()
    assert "新名项目" not in text(get(client, "/projects/")[0])
    assert get(client, project.get_absolute_url())[0].status_code == 404

    draft.delete()
    assert "草稿项目" not in text(get(client, "/projects/")[0])


def test_admin_actions_and_tag_changes_show_at_the_next_request(client, admin_user):
    industry = IndustryFactory(name="氢能", slug="hydrogen")
    project = ProjectFactory(name="氢能装备项目", draft=True)
    assert "氢能装备项目" not in text(get(client, "/projects/")[0])
    staff = Client()
    sign_in(staff, admin_user)
    staff.post(
        reverse("admin:projects_project_changelist"),
        {"action": "publish", "_selected_action": [project.pk]},
    )
    assert "氢能装备项目" in text(get(client, "/projects/")[0])
    assert "氢能装备项目" not in text(get(client, "/industries/hydrogen/")[0])
    project.industries.add(industry)
    assert "氢能装备项目" in text(get(client, "/industries/hydrogen/")[0])
    staff.post(
        reverse("admin:projects_project_changelist"),
        {"action": "withdraw", "_selected_action": [project.pk], "post": "yes", "reason": "核实中"},
    )
    assert "氢能装备项目" not in text(get(client, "/projects/")[0])


def test_an_import_shows_at_the_next_request(client):
    get(client, "/projects/")
    headers = ["项目编号", "项目名称", "发布状态"]
    result = import_rows(ProjectResource(), [headers, ["IMP-1", "导入的项目", "已发布"]])
    assert result.ok
    assert "导入的项目" in text(get(client, "/projects/")[0])


def test_scheduled_content_appears_when_its_time_comes(client):
    ProjectFactory(name="定时项目", published_at=timezone.now() + timedelta(seconds=2))
    assert "定时项目" not in text(get(client, "/projects/")[0])
    assert get(client, "/projects/")[0]["X-Page-Cache"] == "hit"
    time.sleep(2.5)
    later = get(client, "/projects/")[0]
    assert "定时项目" in text(later)


@pytest.mark.parametrize(
    "factory", [ProjectFactory, EventFactory, StatisticFactory, ArticleFactory, PolicyFactory]
)
def test_the_version_ends_at_the_earliest_scheduled_publication_of_any_kind(factory):
    """Whatever publishes next (the SQL written once per process and database, not compiled by
    the ORM on every change): not a draft, however soon, nor what is public already."""
    now = timezone.now()
    ProjectFactory(published_at=now + timedelta(hours=3))
    ProjectFactory(published_at=now - timedelta(hours=1))
    factory(status=PublicationStatus.DRAFT, published_at=now + timedelta(minutes=5))
    soonest = factory(published_at=now + timedelta(hours=1, microseconds=500))
    assert page_versions.next_scheduled_publication() == soonest.published_at
    assert page_versions.new_version()["until"] == soonest.published_at.timestamp()


def test_the_large_type_mode_is_cached_apart(client):
    plain = get(client, "/")[0]
    large_client = Client()
    large_client.cookies["large_type"] = "1"
    large, _ = get(large_client, "/")
    assert large["X-Page-Cache"] == "miss"
    assert 'class="large-type"' in large.text and 'class="large-type"' not in plain.text
    assert 'class="large-type"' in get(large_client, "/")[0].text
    assert 'class="large-type"' not in get(client, "/")[0].text


def test_staff_get_fresh_pages(client, admin_user):
    get(client, "/projects/")
    staff = Client()
    staff.force_login(admin_user)
    response, queries = get(staff, "/projects/")
    assert "X-Page-Cache" not in response and queries > 0


def test_conditional_requests_answer_304(client):
    first = get(client, "/projects/")[0]
    assert first["ETag"] and first["Last-Modified"]
    again, queries = get(client, "/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and queries == 0
    ProjectFactory(name="新项目")
    changed = get(client, "/projects/", HTTP_IF_NONE_MATCH=first["ETag"])[0]
    assert changed.status_code == 200 and "新项目" in text(changed)


def test_a_browser_gets_304_for_what_it_was_sent(client):
    """Browsers take gzip, so the ETag they keep is the compressed answer's weak one, and they
    send If-Modified-Since as well; feed readers often send only that."""
    browser = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    first = get(browser, "/projects/")[0]
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith('W/"')
    again, queries = get(browser, "/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and queries == 0
    since = get(browser, "/projects/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])[0]
    assert since.status_code == 304
    ProjectFactory(name="新项目")
    changed = get(browser, "/projects/", HTTP_IF_NONE_MATCH=first["ETag"])[0]
    assert changed.status_code == 200


def test_a_cached_page_is_the_same_page_compressed_or_not(client):
    browser = Client(HTTP_ACCEPT_ENCODING="gzip")
    ProjectFactory(name="压缩项目")
    get(client, "/projects/")  # stored
    plain = get(client, "/projects/")[0]
    packed = get(browser, "/projects/")[0]
    assert plain["X-Page-Cache"] == packed["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain and "压缩项目" in text(plain)
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]


def test_feeds_and_sitemaps_are_cached_and_conditional(client):
    for path in ("/articles/feed/", "/sitemap.xml"):
        first = get(client, path)[0]
        assert get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])[0].status_code == 304


class DownCache(BaseCache):
    """A cache whose server is down: every call raises."""

    def __init__(self):
        super().__init__({})

    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    set = add = delete = get


def test_pages_answer_while_the_cache_is_down(client, monkeypatch):
    monkeypatch.setattr(page_versions, "cache", DownCache())
    monkeypatch.setattr(page_middleware, "cache", DownCache())
    ProjectFactory(name="照常显示")
    for _ in range(2):
        response, queries = get(client, "/projects/")
        assert response.status_code == 200 and "照常显示" in text(response) and queries > 0
    Project.objects.update(name="改名照常显示")  # no signal: nothing is cached to go stale
    assert "改名照常显示" in text(get(client, "/projects/")[0])


def test_the_admin_is_never_cached(client):
    login = client.get(reverse("admin:login"))
    assert login.status_code == 200 and "X-Page-Cache" not in login


def test_remembered_figures_follow_the_content(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the figures alone, without whole pages
    ProjectFactory(name="一号项目")
    assert "已发布项目 1 个" in text(get(client, "/regions/")[0])
    _, queries = get(client, "/regions/")
    assert queries == 0  # the tree and its counts are remembered
    ProjectFactory(name="二号项目")
    assert "已发布项目 2 个" in text(get(client, "/regions/")[0])
    assert "共找到 2 个项目" in text(get(client, "/projects/")[0])
    Project.objects.filter(name="二号项目").delete()
    assert "共找到 1 个项目" in text(get(client, "/projects/")[0])


def test_a_region_page_keeps_its_events_and_figures_until_the_content_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the kept lists alone, without whole pages
    county = region("nongan")
    event = EventFactory(name="农安招商推介会", region=county)
    StatisticFactory(indicator="农安到位资金", region=county, year=2022)
    first = text(get(client, "/regions/changchun/")[0])
    assert "农安招商推介会" in first and "农安到位资金" in first
    with CaptureQueriesContext(connection) as queries:
        client.get("/regions/changchun/")
    fetched = " ".join(query["sql"] for query in queries.captured_queries)
    # Neither list is fetched again (the signing table only joins its events).
    assert 'FROM "projects_event"' not in fetched and 'FROM "projects_statistic"' not in fetched

    EventFactory(name="长春新一轮推介会", region=region("changchun"))
    event.status = PublicationStatus.DRAFT  # withdrawn
    event.save()
    Statistic.objects.filter(indicator="农安到位资金").delete()
    page = text(get(client, "/regions/changchun/")[0])
    assert "长春新一轮推介会" in page
    assert "农安招商推介会" not in page and "农安到位资金" not in page


def test_an_industry_page_keeps_its_subindustries_until_they_change(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    auto = IndustryFactory(name="汽车产业", slug="auto")
    IndustryFactory(name="汽车零部件", slug="parts", parent=auto)
    assert "汽车零部件" in text(get(client, "/industries/auto/")[0])
    with CaptureQueriesContext(connection) as queries:
        client.get("/industries/auto/")
    industry_queries = [
        query
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "projects_industry"')
    ]
    assert len(industry_queries) == 1  # the page's own industry; its children are kept

    IndustryFactory(name="智能网联汽车", slug="connected", parent=auto)
    page = text(get(client, "/industries/auto/")[0])
    assert "汽车零部件" in page and "智能网联汽车" in page


def test_the_article_list_keeps_its_count_years_and_channels_until_the_content_changes(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    channel = ChannelFactory(name="要闻")
    ArticleFactory(title="二〇二二年的文章", channel=channel, published_at=moment(2022))
    assert "共找到 1 篇文章" in text(get(client, "/articles/")[0])
    with CaptureQueriesContext(connection) as queries:
        client.get("/articles/")
    # One query: the page's rows. No count, no scan for the years, no channel list.
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]

    ArticleFactory(
        title="二〇二四年的文章", channel=ChannelFactory(name="政策解读"), published_at=moment(2024)
    )
    page = get(client, "/articles/")[0].content.decode()
    assert "共找到 2 篇文章" in text(get(client, "/articles/")[0])
    assert "二〇二四年的文章" in page and "政策解读" in page
    assert '<option value="2024">2024年</option>' in page
    assert "二〇二四年的文章" in text(get(client, "/articles/?year=2024")[0])


def test_the_policy_list_counts_once_per_content_change(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PolicyFactory(short_title="民营经济40条")
    get(client, "/policies/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/policies/")
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    PolicyFactory(short_title="对外开放100条")
    page = text(get(client, "/policies/")[0])
    assert "民营经济40条" in page and "对外开放100条" in page


def test_an_event_lists_its_signings_a_page_at_a_time(client):
    from tests.projects.factories import EventFactory, SigningFactory

    event = EventFactory(slug="big-fair", reported_project_count=60)
    for n in range(60):
        SigningFactory(
            event=event, project=ProjectFactory(name=f"签约项目{n:02d}"), contract_investment=n + 1
        )
    first = text(get(client, "/events/big-fair/")[0])
    assert "签约项目59" in first and "签约项目10" in first and "签约项目09" not in first
    assert "第 1 / 2 页" in first
    second = text(get(client, "/events/big-fair/?page=2")[0])
    assert "签约项目09" in second and "签约项目00" in second and "签约项目59" not in second
    assert "本站收录的签约项目 60 个" in first  # every signing counted, not just the page
    assert "没有第 9 页" in text(get(client, "/events/big-fair/?page=9")[0])


def test_a_page_reads_the_shared_cache_once(client, settings, monkeypatch):
    """Every remembered figure is filed under the content version; a page reads the version
    from the shared cache once, not once per figure (a round trip to Redis each), and the
    figures themselves once per process."""
    settings.PAGE_CACHE_SECONDS = 0  # the figures alone, without whole pages
    StatisticFactory(indicator="农安到位资金", region=region("nongan"), year=2022)
    ProjectFactory(name="长春汽车项目", region=region("changchun"))
    reads = []
    shared_get = page_versions.cache.get

    def counted_get(key, *args, **kwargs):
        reads.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(page_versions.cache, "get", counted_get)
    for path in ("/regions/changchun/", "/projects/", "/regions/"):
        reads.clear()
        get(client, path)
        assert reads.count(page_versions.VERSION_KEY) == 1, path
        assert len(reads) > 1, path  # and its figures, the first time
        reads.clear()
        response, _ = get(client, path)
        assert response.status_code == 200
        assert reads == [page_versions.VERSION_KEY], path


def test_each_caller_gets_its_own_copy_of_a_kept_figure():
    first = page_versions.memoize("test-figure", lambda: {"names": ["长春"]})
    first["names"].append("改动")
    assert page_versions.memoize("test-figure", lambda: {}) == {"names": ["长春"]}
    ProjectFactory(name="新项目")  # a new version: computed again
    assert page_versions.memoize("test-figure", lambda: {"names": []}) == {"names": []}


def test_a_process_keeps_figures_up_to_a_size(monkeypatch):
    monkeypatch.setattr(page_versions, "KEPT_BYTES", 8000)
    for n in range(20):
        page_versions.memoize(f"test-figure-{n}", lambda n=n: "字" * 200 + str(n))
    values = page_versions.kept_figures["values"]
    assert 0 < page_versions.kept_figures["bytes"] <= 8000
    assert page_versions.kept_figures["bytes"] == sum(map(len, values.values()))
    assert "test-figure-19" in values and "test-figure-0" not in values  # the oldest dropped
    # A dropped figure comes from the shared cache again, unchanged.
    assert page_versions.memoize("test-figure-0", lambda: "又算了一次") == "字" * 200 + "0"


def test_a_change_within_a_request_is_read_again():
    with page_versions.one_version_per_request():
        before = page_versions.content_version()
        assert page_versions.content_version() == before
        ProjectFactory(name="请求中保存的项目")  # bumps the version
        after = page_versions.content_version()
    assert after["id"] != before["id"]
    assert page_versions.content_version() == after
