"""Importing signings, events, companies and statistics."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import Company, Event, EventKind, Ownership, Signing, Statistic
from projects.resources import CompanyResource, EventResource, SigningResource, StatisticResource
from tests.projects.factories import EventFactory, ProjectFactory, StatisticFactory, region
from tests.spreadsheet_files import export_rows, import_rows

pytestmark = pytest.mark.django_db


def messages(result):
    return [str(p) for p in result.problems]


SIGNING_HEADERS = ["活动名称", "项目名称", "合同引资额（亿元）", "签约日期"]


def test_signings_by_event_and_project():
    event = EventFactory(name="第七届全球吉商大会")
    project = ProjectFactory(name="华润中心")
    result = import_rows(
        SigningResource(),
        [
            SIGNING_HEADERS,
            ["第七届全球吉商大会", "华润中心", "50亿元", "2022年9月10日"],
            ["", "华润中心", "3000万元", "2022-01-05"],
        ],
    )
    assert result.ok, messages(result)
    assert Signing.objects.get(event=event).contract_investment == Decimal("50")
    outside = Signing.objects.get(event=None, project=project)
    assert (outside.contract_investment, outside.signed_on) == (Decimal("0.3"), date(2022, 1, 5))
    again = import_rows(
        SigningResource(),
        [SIGNING_HEADERS, ["第七届全球吉商大会", "华润中心", "50", "2022-09-10"]],
    )
    assert again.counts["未变"] == 1


def test_signings_name_controlled_lists():
    ProjectFactory(name="甲项目")
    result = import_rows(
        SigningResource(),
        [SIGNING_HEADERS, ["没有的大会", "甲项目", "1", ""], ["", "没有的项目", "1", ""]],
    )
    assert messages(result) == [
        "第2行「活动名称」：未知活动「没有的大会」",
        "第3行「项目名称」：未知项目「没有的项目」",
    ]


def test_signing_of_a_project_with_a_shared_name_uses_its_code():
    ProjectFactory(name="同名", code="A")
    ProjectFactory(name="同名", code="B")
    result = import_rows(
        SigningResource(), [SIGNING_HEADERS, ["", "同名", "1", ""], ["", "B", "2", ""]]
    )
    assert messages(result) == ["第2行「项目名称」：「同名」对应多个项目：请填写全称或编号"]
    result = import_rows(SigningResource(), [SIGNING_HEADERS, ["", "B", "2", ""]])
    assert result.ok
    assert Signing.objects.get().project.code == "B"


EVENT_HEADERS = [
    "活动名称", "活动类型", "所在地区", "开始日期", "结束日期", "线上活动", "公布签约项目数",
    "公布签约总额（亿元）", "公布10亿元以上项目数", "活动简介", "发布状态",
]  # fmt: skip


def test_events():
    result = import_rows(
        EventResource(),
        [
            EVENT_HEADERS,
            [
                "第七届全球吉商大会",
                "大会",
                "长春",
                "2022-09-09",
                "2022-09-11",
                "否",
                "69",
                "663.02",
                "15",
                "简介",
                "已发布",
            ],
            ["云上推介会", "云招商", "", "2022/10/1", "", "是", "", "", "", "", ""],
        ],
    )
    assert result.ok, messages(result)
    congress = Event.objects.get(name="第七届全球吉商大会")
    assert congress.kind == EventKind.CONFERENCE
    assert congress.region == region("changchun")
    assert congress.reported_amount == Decimal("663.02")
    assert (congress.reported_project_count, congress.reported_large_count) == (69, 15)
    assert congress.slug == "di-qi-jie-quan-qiu-ji-shang-da-hui"
    assert congress.published_at is not None
    online = Event.objects.get(name="云上推介会")
    assert online.online is True
    assert online.status == "draft"


def test_event_rules():
    result = import_rows(
        EventResource(),
        [
            EVENT_HEADERS,
            ["甲", "大会", "", "2022-09-11", "2022-09-09", "", "", "", "", "", ""],
            ["乙", "", "", "", "", "", "", "", "", "", ""],
            ["丙", "大会", "", "", "", "也许", "-1", "", "", "", ""],
        ],
    )
    assert messages(result) == [
        "第2行「结束日期」：结束日期早于开始日期",
        "第3行「活动类型」：不能为空",
        "第4行「线上活动」：无法识别「也许」：请填写“是”或“否”",
        "第4行「公布签约项目数」：「-1」不能小于0",
    ]
    assert not Event.objects.exists()


COMPANY_HEADERS = ["企业名称", "企业性质", "世界500强", "中国500强", "国家或地区"]


def test_companies_with_unknown_rankings_left_blank():
    result = import_rows(
        CompanyResource(),
        [
            COMPANY_HEADERS,
            ["奥迪", "外资企业", "Y", "", "德国"],
            ["一汽", "央企", "是", "true", "中国"],
            ["小企业", "", "0", "N", ""],
        ],
    )
    assert result.ok, messages(result)
    audi = Company.objects.get(name="奥迪")
    assert (audi.ownership, audi.fortune_global_500, audi.china_500) == (
        Ownership.FOREIGN,
        True,
        None,
    )
    small = Company.objects.get(name="小企业")
    assert (small.ownership, small.fortune_global_500, small.china_500) == ("", False, False)


STATISTIC_HEADERS = ["指标", "地区", "年份", "起始月", "截止月", "数值", "单位", "同比增长（%）"]
STATISTIC_ROW = ["招商引资到位资金", "全省", "2022", "1", "7", "1500", "亿元", "14"]


def test_statistics_for_the_province_and_regions():
    result = import_rows(
        StatisticResource(),
        [
            STATISTIC_HEADERS,
            ["招商引资到位资金", "全省", "2022", "1", "8", "4500.5", "亿元", "12.3%"],
            ["招商引资到位资金", "长春", "2022年", "1月", "8月", "1,200", "亿元", "-3.5"],
            ["实际利用外资", "", "2021", "", "", "", "亿美元", ""],
        ],
    )
    assert result.ok, messages(result)
    province = Statistic.objects.get(region=None, indicator="招商引资到位资金")
    assert (province.value, province.yoy_growth) == (Decimal("4500.5"), Decimal("12.3"))
    city = Statistic.objects.get(region=region("changchun"))
    assert (city.value, city.yoy_growth, city.month_end) == (Decimal("1200"), Decimal("-3.5"), 8)
    whole_year = Statistic.objects.get(indicator="实际利用外资")
    assert (whole_year.month_start, whole_year.month_end, whole_year.value) == (1, 12, None)


def test_statistics_update_by_indicator_region_and_period():
    StatisticFactory(indicator="地区生产总值", region=None, year=2022, value=Decimal("100"))
    result = import_rows(
        StatisticResource(),
        [STATISTIC_HEADERS, ["地区生产总值", "吉林省", "2022", "1", "12", "130", "亿元", ""]],
    )
    assert result.counts["更新"] == 1
    assert Statistic.objects.get().value == Decimal("130")


def test_statistic_rules():
    result = import_rows(
        StatisticResource(),
        [
            STATISTIC_HEADERS,
            ["甲", "", "2022", "9", "3", "", "", ""],
            ["乙", "", "1900", "13", "", "", "", "1.234"],
        ],
    )
    assert messages(result) == [
        "第2行「截止月」：截止月早于起始月",
        "第3行「年份」：「1900」不能小于1949",
        "第3行「起始月」：「13」不能大于12",
        "第3行「同比增长（%）」：「1.234」最多保留2位小数",
    ]


def test_statistics_import_as_published_and_withdraw():
    headers = [*STATISTIC_HEADERS, "发布状态"]
    result = import_rows(StatisticResource(), [headers, [*STATISTIC_ROW, "已发布"]])
    assert result.ok, messages(result)
    figure = Statistic.objects.published().get()  # on /statistics/ at once
    assert figure.published_at is not None
    result = import_rows(StatisticResource(), [headers, [*STATISTIC_ROW, "草稿"]])
    assert result.rows[0].changes == [("发布状态", "已发布", "草稿")]
    assert [number for number, _ in result.warnings] == [2]  # withdrawing is confirmed first
    assert not Statistic.objects.published().exists()


def test_statistics_keep_their_status_when_the_cell_is_blank_or_the_column_absent():
    StatisticFactory(indicator="招商引资到位资金", region=None, year=2022, month_end=7)
    for headers, cells in (
        (STATISTIC_HEADERS, STATISTIC_ROW),
        ([*STATISTIC_HEADERS, "发布状态"], [*STATISTIC_ROW, ""]),
    ):
        assert import_rows(StatisticResource(), [headers, cells]).ok
        assert Statistic.objects.published().count() == 1
    import_rows(StatisticResource(), [STATISTIC_HEADERS, ["新指标", *STATISTIC_ROW[1:]]])
    assert Statistic.objects.get(indicator="新指标").status == "draft"  # new rows start as drafts


def test_statistics_export_their_status_and_load_back_unchanged():
    StatisticFactory(indicator="公开指标", region=None, year=2022)
    StatisticFactory(indicator="草稿指标", region=None, year=2022, draft=True)
    exported = export_rows(StatisticResource(), Statistic.objects.order_by("indicator"))
    assert exported[0][-1] == "发布状态"
    assert [r[-1] for r in exported[1:]] == ["已发布", "草稿"]
    result = import_rows(StatisticResource(), exported)
    assert result.counts == {"新增": 0, "更新": 0, "未变": 2, "错误": 0}
