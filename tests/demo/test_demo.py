from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article, Policy
from demo.loader import read_source_article
from projects.models import Company, Event, Industry, Milestone, Project, Statistic

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SHARED_SOURCE = REPO.parent / "shared" / "source" / "jilin-daily-2022-09-11-investment.txt"


def snapshot():
    """Every row of every project model, m2m included, as plain values."""
    rows = {}
    for app in ("projects", "articles"):
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.values()))
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                rows[through._meta.label] = sorted(map(repr, through.objects.values()))
    return rows


def test_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_the_article_itself(demo):
    article = Article.objects.published().get()
    assert article.original_code == "010070050010000000000000011100001128989292"
    assert article.published_at == datetime(
        2022, 9, 11, 9, 19, 53, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert article.source == "吉林日报"
    assert article.editor == "赵石乐"
    assert article.title.endswith("集聚高质量发展新动能")
    assert article.channel.name == "招商动态"
    assert article.body.count("<p>") == 20  # every paragraph of the source, headings included
    assert "责任编辑" not in article.body
    assert "第七届全球吉商大会期间" not in article.body  # the article writes 本届全球吉商大会
    assert "本届全球吉商大会期间共签约项目69个,总投资额663.02亿元" in article.body


def test_the_two_events_with_their_reported_figures(demo):
    ecommerce = Event.objects.get(name="第二届中国新电商大会")
    assert ecommerce.reported_project_count == 15
    assert ecommerce.reported_amount == Decimal("88.64")
    assert ecommerce.get_reported_amount_basis_display() == "合同引资额"
    assert ecommerce.reported_large_count is None
    jishang = Event.objects.get(name="第七届全球吉商大会")
    assert (
        jishang.reported_project_count,
        jishang.reported_amount,
        jishang.reported_large_count,
    ) == (
        69,
        Decimal("663.02"),
        24,
    )
    assert jishang.get_reported_amount_basis_display() == "总投资额"


def test_the_dated_milestones(demo):
    milestones = {
        (m.project.name, m.date, m.get_kind_display(), m.description)
        for m in Milestone.objects.select_related("project")
    }
    assert milestones == {
        ("奥迪一汽新能源汽车项目", date(2022, 6, 28), "开工", "全面开工"),
        ("中车新能源产业基地项目", date(2022, 7, 11), "下线", "实现产品下线"),
        ("山水蓄能三峡工程", date(2022, 7, 30), "启动", "全面启动"),
    }


def test_projects_in_the_regions_the_article_names(demo):
    region_of = dict(Project.objects.values_list("name", "region__slug"))
    assert region_of["奥迪一汽新能源汽车项目"] == "changchun"
    assert region_of["吉化120万吨乙烯转型升级"] == "jilin"
    assert region_of["中国黑土地保护农机产品创新示范基地"] == "siping"
    assert region_of["200MWh储能电站及50万千瓦风电场"] == "baicheng"
    assert region_of["池北区蓝梅溪谷建设项目"] == "changbaishan"
    assert region_of["四环制药特医食品产业园"] == "meihekou"
    # The article does not say where these are: nothing is invented.
    assert region_of["中车新能源产业基地项目"] is None
    assert Project.objects.count() == 17
    assert not Project.objects.exclude(total_investment=None).exists()


def test_industries_and_companies(demo):
    tiers = dict(Industry.objects.values_list("name", "tier"))
    assert [n for n, t in tiers.items() if t == "trillion"] == [
        "现代新型汽车和零部件",
        "农产品及其深加工和食品细加工",
        "冰雪和避暑休闲生态旅游",
    ]
    assert sorted(n for n, t in tiers.items() if t == "hundred_billion") == sorted(
        ["医药健康", "装备制造", "电子信息", "数字经济", "现代服务业"]
    )
    audi = Project.objects.get(name="奥迪一汽新能源汽车项目")
    assert set(audi.investors.values_list("name", flat=True)) == {"奥迪", "一汽"}
    assert Company.objects.filter(name__in=["国家电网", "京东", "广药集团"]).count() == 3
    assert not Company.objects.exclude(ownership="").exists()


def test_policies_with_declared_counts_and_no_invented_measures(demo):
    policies = {p.short_title: p for p in Policy.objects.with_completeness()}
    assert policies["支持民营经济发展40条"].completeness_label == "已录入 0 / 40 条"
    assert policies["扩大开放100条"].completeness_label == "已录入 0 / 100 条"
    assert policies["支持民营经济发展40条"].get_kind_display() == "民营经济"
    assert policies["扩大开放100条"].get_kind_display() == "扩大开放"


def test_the_statistics_it_reports(demo):
    figures = {
        (s.period_label, s.yoy_growth, s.approximate)
        for s in Statistic.objects.filter(indicator="招商引资到位资金", region=None)
    }
    assert ("2022年1—7月", Decimal("14"), False) in figures
    assert ("2021年", Decimal("30"), True) in figures


def test_all_demo_content_is_published(demo):
    for model in (Project, Event, Policy, Article, Statistic):
        assert model.objects.published().count() == model.objects.count() > 0


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="../shared is not beside this checkout")
def test_the_bundled_article_matches_the_shared_source():
    bundled = REPO / "demo" / "jilin-daily-2022-09-11-investment.txt"
    assert bundled.read_bytes() == SHARED_SOURCE.read_bytes()


def test_body_paragraphs_exclude_the_page_furniture():
    title, paragraphs = read_source_article()
    assert title.startswith("吉林省全力推进招商引资工作")
    assert paragraphs[0].startswith("招商引资,是经济发展的强引擎")
    assert paragraphs[-1].startswith("招商引资是经济发展的源头活水")
    assert not any("分享本页至手机" in p or "来源:" in p for p in paragraphs)
