"""Every page runs the same number of queries whether it shows 2 rows or 60 (20 a page)."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.articles.factories import (
    ArticleFactory,
    ChannelFactory,
    PolicyFactory,
    PolicyMeasureFactory,
)
from tests.pages import text
from tests.projects.factories import (
    CompanyFactory,
    EventFactory,
    IndustryFactory,
    MilestoneFactory,
    ProjectFactory,
    SigningFactory,
    StatisticFactory,
    region,
)

pytestmark = pytest.mark.django_db

serial = count()


class Scene:
    """The objects rows hang from, created once per test."""

    def __init__(self):
        self.auto = IndustryFactory(name="汽车", slug="auto")
        self.parts = IndustryFactory(name="零部件", slug="parts", parent=self.auto)
        self.county = region("nongan")
        self.event = EventFactory(slug="expo", reported_project_count=60)
        self.channel = ChannelFactory(name="招商动态")
        self.article = ArticleFactory(slug="news", channel=self.channel)
        self.policy = PolicyFactory(slug="forty", declared_measure_count=100)
        self.project = ProjectFactory(slug="audi")

    def project_row(self, **extra):
        """A published project with everything a card or table shows, and a draft beside it."""
        n = next(serial)
        project = ProjectFactory(
            slug=f"p{n}", region=self.county, total_investment=Decimal(n), featured=True, **extra
        )
        project.industries.add(self.parts)
        project.investors.add(CompanyFactory())
        SigningFactory(project=project, event=self.event, signed_on=date(2022, 9, 9))
        ProjectFactory(slug=f"draft{n}", region=self.county, draft=True)
        return project


def add_projects(scene, rows):
    for _ in range(rows):
        scene.project_row()
    return "/projects/?region=changchun&industry=auto&ordering=-signed"


def add_projects_by_keyword(scene, rows):
    add_projects(scene, rows)
    return "/projects/?q=测试&region=changchun"


def add_projects_unfiltered(scene, rows):
    add_projects(scene, rows)
    return "/projects/"


def add_project_details(scene, rows):
    for _ in range(rows):
        MilestoneFactory(project=scene.project, date=date(2020, 1, 1))
        scene.project.investors.add(CompanyFactory())
        scene.project.industries.add(IndustryFactory())
        SigningFactory(project=scene.project, event=EventFactory(), signed_on=date(2021, 1, 1))
        ArticleFactory(channel=scene.channel).related_projects.add(scene.project)
    return scene.project.get_absolute_url()


def add_events(scene, rows):
    for _ in range(rows):
        event = EventFactory(region=scene.county)
        SigningFactory(event=event, project=ProjectFactory(slug=f"e{next(serial)}"))
    return "/events/"


def add_event_signings(scene, rows):
    for _ in range(rows):
        scene.project_row()
        ArticleFactory(channel=scene.channel).related_events.add(scene.event)
    return scene.event.get_absolute_url()


def add_region_rows(scene, rows):
    for _ in range(rows):
        scene.project_row()
        StatisticFactory(region=scene.county, indicator=f"指标{next(serial)}", year=2022)
    return "/regions/changchun/"


def add_region_list_rows(scene, rows):
    add_projects(scene, rows)
    return "/regions/"


def add_industry_rows(scene, rows):
    for _ in range(rows):
        scene.project_row()
        IndustryFactory(parent=scene.auto)
    return "/industries/auto/"


def add_industry_list_rows(scene, rows):
    for _ in range(rows):
        scene.project_row()
        IndustryFactory(parent=scene.auto)
    return "/industries/"


def add_statistics(scene, rows):
    for _ in range(rows):
        n = next(serial)
        StatisticFactory(
            indicator=f"指标{n % 7}", year=1950 + n, region=scene.county if n % 2 else None
        )
    return "/statistics/"


def add_articles(scene, rows):
    for _ in range(rows):
        ArticleFactory(channel=ChannelFactory())
        ArticleFactory(draft=True)
    # The factory publishes a day ago, in Beijing time.
    year = timezone.localdate(timezone.now() - timedelta(days=1)).year
    return f"/articles/?year={year}"


def add_article_relations(scene, rows):
    for _ in range(rows):
        scene.article.related_projects.add(scene.project_row())
        scene.article.related_events.add(EventFactory())
        scene.article.related_policies.add(PolicyFactory())
        ArticleFactory(channel=scene.channel)
    return scene.article.get_absolute_url()


def add_policies(scene, rows):
    for _ in range(rows):
        policy = PolicyFactory()
        PolicyMeasureFactory(policy=policy, number=1)
    return "/policies/"


def add_measures(scene, rows):
    start = scene.policy.measures.count()
    for number in range(start + 1, start + rows + 1):
        PolicyMeasureFactory(policy=scene.policy, number=number, text=f"第{number}条 营商环境")
    return scene.policy.get_absolute_url() + "?q=营商"


def add_home_rows(scene, rows):
    for _ in range(rows):
        scene.project_row()
        EventFactory()
        ArticleFactory(channel=ChannelFactory())
        PolicyFactory()
        StatisticFactory(indicator=f"指标{next(serial)}", year=2022)
    return "/"


def add_feed_rows(scene, rows):
    add_articles(scene, rows)
    return "/articles/feed/"


def add_sitemap_rows(scene, rows):
    for _ in range(rows):
        scene.project_row()
        ArticleFactory(channel=scene.channel)
        PolicyMeasureFactory(policy=scene.policy, number=scene.policy.measures.count() + 1)
    return "/sitemap-measures.xml"


# page: (how to add rows, what the page says once it has 60)
PAGES = {
    "project list, filtered": (add_projects, "共找到 60 个项目"),
    "project list": (add_projects_unfiltered, "共找到 61 个项目"),
    "project list, keyword": (add_projects_by_keyword, "共找到 61 个项目"),
    "project detail": (add_project_details, "相关报道"),
    "event list": (add_events, "往期活动"),
    "event detail": (add_event_signings, "本站收录的签约项目 60 个"),
    "region list": (add_region_list_rows, "长春市 地级市 · 已发布项目 61 个"),
    "region detail": (add_region_rows, "项目（61 个）"),
    "industry list": (add_industry_list_rows, "已发布项目 60 个"),
    "industry detail": (add_industry_rows, "项目（60 个）"),
    "statistics": (add_statistics, "指标6"),
    "article list": (add_articles, "共找到 61 篇文章"),
    "article detail": (add_article_relations, "相关项目"),
    "policy list": (add_policies, "10 条"),
    "policy detail": (add_measures, "找到 60 条"),
    "home": (add_home_rows, "重点项目"),
    "feed": (add_feed_rows, "测试栏目"),
    "sitemap": (add_sitemap_rows, "/policies/forty/60/"),
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_rows(client, page):
    add_rows, shown = PAGES[page]
    scene = Scene()
    few, _ = queries_for(client, add_rows(scene, 2))
    many, response = queries_for(client, add_rows(scene, 58))
    assert shown in text(response)  # the rows are really there
    assert many == few, f"{page}: {few} queries with 2 rows, {many} with 60"
    assert few <= 16, f"{page}: {few} queries"
