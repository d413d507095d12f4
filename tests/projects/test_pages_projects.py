from datetime import date
from decimal import Decimal

import pytest

from articles.models import Article
from projects.models import Company, Event, Milestone, Project, Region
from tests.articles.factories import ArticleFactory
from tests.pages import links, main_text, meta, text
from tests.projects.factories import (
    EventFactory,
    IndustryFactory,
    MilestoneFactory,
    ProjectFactory,
    SigningFactory,
    StatisticFactory,
    region,
)

pytestmark = pytest.mark.django_db


# The project database ------------------------------------------------------------------------


def test_project_list_shows_the_demo_projects(client, demo):
    response = client.get("/projects/")
    assert response.status_code == 200
    page = main_text(response)
    assert "共找到 17 个项目" in page
    assert "奥迪一汽新能源汽车项目" in page
    assert "已开工在建" in page
    assert meta(response, "ColumnName") == "项目库"
    assert meta(response, "ColumnType") and meta(response, "ColumnKeywords")


def test_region_filter_shows_the_count_and_a_link_that_removes_it(client, demo):
    response = client.get("/projects/?region=changchun&stage=under_construction")
    page = main_text(response)
    assert "共找到 1 个项目" in page  # 奥迪一汽: the only project in 长春 under construction
    assert "奥迪一汽新能源汽车项目" in page and "华润中心" not in page
    assert "地区：长春市" in page and "项目阶段：已开工在建" in page
    assert "?stage=under_construction" in links(response)  # removes the region, keeps the stage
    assert "?region=changchun" in links(response)


def test_pagination_keeps_the_filters(client, db):
    for number in range(25):
        ProjectFactory(name=f"长春项目{number:02d}", slug=f"cc-{number}")
    ProjectFactory(name="吉林市项目", region=region("jilin"))
    response = client.get("/projects/?region=changchun&ordering=name")
    page = main_text(response)
    assert "共找到 25 个项目" in page and "第 1 / 2 页" in page
    assert "?region=changchun&ordering=name&page=2" in links(response)
    second = main_text(client.get("/projects/?region=changchun&ordering=name&page=2"))
    assert "长春项目24" in second and "长春项目00" not in second and "吉林市项目" not in second


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("investment_min=abc", "请输入数字，单位亿元"),
        ("region=atlantis", "没有这个地区"),
        ("ordering=bogus", "没有这种排序方式"),
        ("region=%3Cscript%3Ealert(1)%3C/script%3E", "没有这个地区"),
    ],
)
def test_invalid_filter_values_answer_200_with_the_message_and_no_list(
    client, demo, query, message
):
    response = client.get(f"/projects/?{query}&stage=under_construction")
    assert response.status_code == 200
    page = main_text(response)
    assert message in page
    assert "筛选条件有误" in page
    assert "奥迪一汽新能源汽车项目" not in page  # no list that only looks like an answer
    assert b"<script>alert" not in response.content


def test_the_error_sits_beside_its_field(client, demo):
    body = client.get("/projects/?investment_min=abc").content.decode()
    assert 'id="id_investment_min_error"' in body
    assert 'aria-describedby="id_investment_min_error"' in body
    assert 'aria-invalid="true"' in body


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("9999", "没有第 9999 页：共 1 页。"),
        ("-1", "页码“-1”无效"),
        ("0", "页码“0”无效"),
        ("abc", "页码“abc”无效"),
        ("%C2%B2", "页码“²”无效"),
        ("1.5", "页码“1.5”无效"),
    ],
)
def test_invalid_page_numbers_answer_200_with_a_message(client, demo, page, message):
    response = client.get(f"/projects/?region=changchun&page={page}")
    assert response.status_code == 200
    text = main_text(response)
    assert message in text
    assert "华润中心" not in text
    assert "?region=changchun" in links(response)  # back to page 1, filters kept


def test_hostile_keyword_is_escaped(client, demo):
    response = client.get("/projects/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert "共找到 0 个项目" in main_text(response)
    assert "没有符合条件的项目" in main_text(response)


def test_drafts_are_missing_from_the_list(client, db):
    ProjectFactory(name="公开的项目")
    ProjectFactory(name="草稿项目", draft=True)
    page = main_text(client.get("/projects/"))
    assert "公开的项目" in page and "草稿项目" not in page


# A project ----------------------------------------------------------------------------------


def test_project_page_shows_everything_public_about_it(client, demo):
    audi = Project.objects.get(name="奥迪一汽新能源汽车项目")
    response = client.get(audi.get_absolute_url())
    assert response.status_code == 200
    page = main_text(response)
    for fact in [
        "长春市",
        "现代新型汽车和零部件",
        "奥迪",
        "一汽",
        "已开工在建",
        "2022年6月28日",
        "全面开工",
    ]:
        assert fact in page
    assert "吉林省全力推进招商引资工作" in page  # the related article
    assert meta(response, "og:url") == f"http://testserver{audi.get_absolute_url()}"
    assert f'<link rel="canonical" href="http://testserver{audi.get_absolute_url()}">' in (
        response.content.decode()
    )


def test_project_page_shows_investment_signings_and_ownership(client, db):
    project = ProjectFactory(total_investment=Decimal("0.8864"), region=region("nongan"))
    company = project.investors.create(name="中国一汽", ownership="central_soe")
    event = EventFactory(name="第七届全球吉商大会")
    SigningFactory(
        project=project,
        event=event,
        signed_on=date(2022, 9, 9),
        contract_investment=Decimal("663.02"),
    )
    SigningFactory(
        project=project, event=None, signed_on=date(2023, 1, 5), contract_investment=None
    )
    page = main_text(client.get(project.get_absolute_url()))
    assert "8864万元" in page
    assert f"{company.name} （央企）" in page
    assert "长春市 农安县" in page
    assert "第七届全球吉商大会" in page and "2022年9月9日" in page and "663.02亿元" in page
    assert "活动外签约" in page and "2023年1月5日" in page


def test_draft_and_scheduled_projects_answer_404(client, db):
    draft = ProjectFactory(draft=True)
    scheduled = ProjectFactory()
    Project.objects.filter(pk=scheduled.pk).update(published_at="2999-01-01T00:00:00Z")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get("/projects/no-such-project/").status_code == 404


def test_project_page_links_only_published_content(client, db):
    project = ProjectFactory()
    public = ArticleFactory(title="公开报道")
    hidden = ArticleFactory(title="草稿报道", draft=True)
    for article in (public, hidden):
        article.related_projects.add(project)
    secret_event = EventFactory(name="保密的招商活动", draft=True)
    SigningFactory(project=project, event=secret_event, signed_on=date(2022, 1, 1))
    MilestoneFactory(project=project, description="开工仪式", source_article=hidden)
    page = main_text(client.get(project.get_absolute_url()))
    assert "公开报道" in page
    assert "草稿报道" not in page and hidden.get_absolute_url() not in page
    assert "保密的招商活动" not in page
    assert "开工仪式" in page  # the milestone itself is public; its draft source is not linked


# Events -------------------------------------------------------------------------------------


def test_jishang_event_page_shows_reported_figures(client, demo):
    event = Event.objects.get(name="第七届全球吉商大会")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    page = main_text(response)
    assert "签约情况：主办方公布（吉林日报 2022年9月11日）" in page
    assert "签约项目 69 个" in page
    assert "总投资额 663.02亿元" in page
    assert "10亿元及以上项目 24 个" in page
    # The demo holds none of the 69 signings one by one; the page does not set that against
    # the organiser's figure.
    assert "不一致" not in page and "已录入" not in page and "本站收录" not in page


def test_event_page_shows_the_announced_figures_and_the_signings_held(client, db):
    event = EventFactory(
        reported_project_count=2,
        reported_amount=Decimal("15"),
        reported_large_count=1,
    )
    big = ProjectFactory(name="大项目")
    small = ProjectFactory(name="小项目", region=region("jilin"))
    SigningFactory(
        event=event, project=big, contract_investment=Decimal("12"), signed_on=date(2022, 9, 9)
    )
    SigningFactory(
        event=event, project=small, contract_investment=Decimal("3"), signed_on=date(2022, 9, 9)
    )
    page = main_text(client.get(event.get_absolute_url()))
    assert "签约项目 2 个" in page and "合同引资额 15亿元" in page
    assert "10亿元及以上项目 1 个" in page
    assert "本站收录的签约项目 2 个" in page and "一致" not in page
    assert page.index("大项目") < page.index("小项目")  # largest signing first
    assert "12亿元" in page and "3亿元" in page and "（吉林市）" in page


def test_event_page_hides_signings_of_draft_projects(client, db):
    event = EventFactory()
    SigningFactory(event=event, project=ProjectFactory(name="公开签约项目"))
    SigningFactory(event=event, project=ProjectFactory(name="草稿签约项目", draft=True))
    page = main_text(client.get(event.get_absolute_url()))
    assert "公开签约项目" in page and "草稿签约项目" not in page


def test_event_list_separates_upcoming_from_past(client, db):
    EventFactory(name="明年的推介会", start_date=date(2999, 5, 1), end_date=date(2999, 5, 3))
    EventFactory(name="去年的大会", start_date=date(2020, 5, 1))
    EventFactory(name="草稿活动", draft=True)
    page = main_text(client.get("/events/"))
    upcoming, past = page.split("往期活动")
    assert "明年的推介会" in upcoming and "2999年5月1日至3日" in upcoming
    assert "去年的大会" in past
    assert "草稿活动" not in page


def test_draft_event_answers_404(client, db):
    assert client.get(EventFactory(draft=True).get_absolute_url()).status_code == 404


# Regions, industries, statistics ------------------------------------------------------------


def test_region_list_counts_published_projects_with_their_counties(client, db):
    ProjectFactory(region=region("changchun"))
    ProjectFactory(region=region("nongan"))
    ProjectFactory(region=region("nongan"), draft=True)
    page = main_text(client.get("/regions/"))
    assert "长春市 地级市 · 已发布项目 2 个" in page
    assert "农安县 （1）" in page or "农安县（1）" in page
    assert "长白山管委会" in page and "梅河口市" in page


def test_region_page_shows_its_projects_signings_and_statistics(client, demo):
    response = client.get("/regions/changchun/")
    page = main_text(response)
    assert "项目（3 个）" in page
    assert "奥迪一汽新能源汽车项目" in page and "华润中心" in page and "东北亚国际会展中心" in page
    assert "农安县" in page  # its counties
    assert "/projects/?region=changchun" in links(response)
    assert meta(response, "ColumnName") == "长春市"


def test_county_page_and_regional_statistics(client, db):
    ProjectFactory(name="农安项目", region=region("nongan"))
    StatisticFactory(
        indicator="实际利用外资",
        region=region("nongan"),
        year=2022,
        value=Decimal("1.5"),
        unit="亿美元",
    )
    StatisticFactory(indicator="草稿指标", region=region("nongan"), draft=True)
    response = client.get(Region.objects.get(slug="nongan").get_absolute_url())
    page = main_text(response)
    assert "农安项目" in page and "实际利用外资" in page and "1.5亿美元" in page
    assert "草稿指标" not in page
    assert "隶属 长春市" in page
    assert client.get("/regions/atlantis/").status_code == 404


def test_industry_pages_include_child_industries(client, db):
    auto = IndustryFactory(name="汽车产业", slug="auto")
    parts = IndustryFactory(name="汽车零部件", slug="parts", parent=auto)
    ProjectFactory(name="整车项目").industries.add(auto)
    ProjectFactory(name="零部件项目").industries.add(parts, auto)
    ProjectFactory(name="草稿汽车项目", draft=True).industries.add(auto)
    listing = main_text(client.get("/industries/"))
    assert "汽车产业 已发布项目 2 个" in listing  # 零部件项目 counted once
    page = main_text(client.get(auto.get_absolute_url()))
    assert "项目（2 个）" in page and "整车项目" in page and "零部件项目" in page
    assert "草稿汽车项目" not in page
    assert "零部件项目" in main_text(client.get(parts.get_absolute_url()))
    assert "整车项目" not in main_text(client.get(parts.get_absolute_url()))


def test_statistics_page_draws_svg_charts_from_the_figures(client, demo):
    response = client.get("/statistics/")
    body = response.content.decode()
    page = main_text(response)
    assert "全省 · 招商引资到位资金" in page
    assert "2021年" in page and "约30%" in page and "2022年1—7月" in page and "14%" in page
    assert body.count('<svg class="bar-chart"') == 1  # growth only: the values are not published
    assert "<script" not in body.split("<main", 1)[1]  # no chart library
    assert "同比增长（%）：2021年 约30%；2022年1—7月 14%" in body  # the chart's accessible name


def test_statistics_page_lists_only_published_figures(client, db):
    StatisticFactory(indicator="公开指标", year=2021)
    StatisticFactory(indicator="草稿指标", year=2021, draft=True)
    page = main_text(client.get("/statistics/"))
    assert "公开指标" in page and "草稿指标" not in page


def test_demo_objects_exist_for_these_tests(demo):
    assert Company.objects.exists() and Milestone.objects.exists() and Article.objects.exists()


def test_deep_pages_are_bounded_with_a_message(client, monkeypatch):
    from projects.views import ProjectListPaginator

    monkeypatch.setattr(ProjectListPaginator, "max_pages", 2)
    for n in range(50):
        ProjectFactory(name=f"翻页项目{n:02d}")
    last = client.get("/projects/?page=2")
    assert "第 2 / 2 页（只列出前 2 页" in text(last)
    past = client.get("/projects/?page=3")
    assert past.status_code == 200
    assert "没有第 3 页：共 2 页。列表只列出前 2 页：请用筛选条件或排序缩小范围。" in text(past)
    assert "共找到 50 个项目" in text(past)
