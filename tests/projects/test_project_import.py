from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jlsite.publishing import PublicationStatus
from projects.models import Company, Milestone, Project, Region, Signing
from projects.resources import ProjectResource
from tests.projects.factories import IndustryFactory, MilestoneFactory, ProjectFactory
from tests.spreadsheet_files import export_rows, import_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目编号", "项目名称", "所在地区", "所属产业", "投资方", "总投资（亿元）", "项目阶段",
    "签约日期", "开工日期", "投产日期", "项目简介", "发布状态",
]  # fmt: skip


def row(code="", name="测试项目", region="长春", industries="", investors="", amount="",
        stage="", signed="", started="", operating="", summary="", status=""):  # fmt: skip
    return [code, name, region, industries, investors, amount, stage, signed, started,
            operating, summary, status]  # fmt: skip


def run(rows, headers=HEADERS, **kwargs):
    return import_rows(ProjectResource(), [headers, *rows], **kwargs)


def messages(result):
    return [str(p) for p in result.problems]


@pytest.fixture
def industries(db):
    return [IndustryFactory(name="医药健康"), IndustryFactory(name="装备制造")]


def test_new_projects_with_every_column(industries):
    result = run(
        [
            row(
                "P-1",
                "长春新药项目",
                "长春市",
                "医药健康、装备制造",
                "新企业甲，新企业乙",
                "8864万元",
                "已开工在建",
                "2022/6/28",
                "2022年7月1日",
                "2023.1.2",
                "简介",
                "已发布",
            ),
        ]
    )
    assert result.ok, messages(result)
    assert result.counts == {"新增": 1, "更新": 0, "未变": 0, "错误": 0}
    project = Project.objects.get(code="P-1")
    assert project.name == "长春新药项目"
    assert project.region.name == "长春市"
    assert project.total_investment == Decimal("0.8864")
    assert project.stage == "under_construction"
    assert project.summary == "简介"
    assert project.status == PublicationStatus.PUBLISHED
    assert project.published_at is not None
    assert project.slug == "chang-chun-xin-yao-xiang-mu"
    assert {i.name for i in project.industries.all()} == {"医药健康", "装备制造"}
    assert {c.name for c in project.investors.all()} == {"新企业甲", "新企业乙"}
    assert result.created_names == {"企业": ["新企业甲", "新企业乙"]}
    assert sorted(project.milestones.values_list("kind", "date", "description")) == [
        ("construction_started", date(2022, 7, 1), ""),
        ("in_operation", date(2023, 1, 2), ""),
    ]
    signing = project.signings.get()
    assert (signing.event, signing.signed_on) == (None, date(2022, 6, 28))
    assert project.first_signed_on == date(2022, 6, 28)


def test_status_defaults_to_draft_when_blank_or_absent():
    run([row(name="空白状态")])
    import_rows(ProjectResource(), [["项目名称"], ["无状态列"]])
    for name in ("空白状态", "无状态列"):
        project = Project.objects.get(name=name)
        assert project.status == PublicationStatus.DRAFT
        assert project.published_at is None


@pytest.mark.parametrize(
    "typed", ["长春市", "长春", "220100", " 长春 "]
)  # full name, short name, code
def test_region_by_full_name_short_name_or_code(typed):
    run([row(name="甲", region=typed)])
    assert Project.objects.get(name="甲").region.name == "长春市"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("梅河口", "梅河口市"),
        ("220581", "梅河口市"),
        ("长白山管委会", "长白山管委会"),
        ("长白山", "长白山管委会"),
        ("通化", "通化市"),  # 通化县 shares the short name; the prefecture wins
        ("通化县", "通化县"),
        ("农安", "农安县"),
    ],
)
def test_special_regions(typed, expected):
    run([row(name="甲", region=typed)])
    assert Project.objects.get(name="甲").region.name == expected


def test_unknown_region_names_row_and_column():
    rows = [row(name=f"项目{i}") for i in range(10)] + [row(name="坏", region="长春县")]
    result = run(rows)
    assert messages(result) == ["第12行「所在地区」：未知地区「长春县」"]
    assert not Project.objects.exists()


def test_one_bad_row_among_a_thousand_writes_nothing(industries):
    rows = [
        row(
            f"K{i:04d}", f"批量项目{i}", "长春", "医药健康", "批量企业", "1.5", "在谈", "2022-01-02"
        )
        for i in range(1000)
    ]
    rows[736][5] = "很多"
    before = (Project.objects.count(), Company.objects.count(), Milestone.objects.count())
    result = run(rows)
    assert not result.ok
    assert messages(result) == [
        "第738行「总投资（亿元）」：无法识别的金额「很多」：请填写以亿元为单位的数字，如 88.64、88.64亿元 或 8864万元"
    ]
    assert result.counts["错误"] == 1
    assert result.counts["新增"] == 999
    assert (Project.objects.count(), Company.objects.count(), Milestone.objects.count()) == before


def test_bad_cells_all_reported_with_row_and_column(industries):
    result = run(
        [
            row(name="", region="长春"),
            row(name="甲", industries="医药健康、火箭"),
            row(name="乙", amount="-5"),
            row(name="丙", stage="开工"),
            row(name="丁", signed="2022-13-01"),
            row(name="戊", status="上线"),
        ]
    )
    assert messages(result) == [
        "第2行「项目名称」：不能为空",
        "第3行「所属产业」：未知产业「火箭」",
        "第4行「总投资（亿元）」：不能为负数「-5」",
        "第5行「项目阶段」：未知项目阶段「开工」：可选 谋划招商、在谈、已签约、已开工在建、已投产",
        "第6行「签约日期」：日期不存在「2022-13-01」",
        "第7行「发布状态」：未知发布状态「上线」：可选 草稿、待审核、已发布",
    ]
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "variant",
    [
        lambda h: h.replace("（", "(").replace("）", ")"),
        lambda h: h.replace("）", ")"),
        lambda h: f" {h}\u3000",
        lambda h: h.replace("（亿元）", " (亿元)"),
        lambda h: h.replace("（", "\n（"),
    ],
    ids=["half-width brackets", "mixed brackets", "spaces", "space before bracket", "line break"],
)
def test_header_variants(variant):
    result = run([row("P", "甲", amount="12.5")], headers=[variant(h) for h in HEADERS])
    assert result.ok, messages(result)
    assert Project.objects.get(code="P").total_investment == Decimal("12.5")


def test_columns_in_any_order():
    result = run([list(reversed(row("P", "甲", amount="12.5")))], headers=list(reversed(HEADERS)))
    assert result.ok, messages(result)
    assert Project.objects.get(code="P").total_investment == Decimal("12.5")


def test_unknown_header_refuses_the_file():
    result = run([[*row(name="甲"), "x"]], headers=[*HEADERS, "负责人"])
    assert messages(result)[0].startswith(
        "无法识别的表头「负责人」：项目表格的表头应为 项目编号、项目名称"
    )
    assert not result.rows
    assert not Project.objects.exists()


def test_missing_required_header_refuses_the_file():
    result = import_rows(ProjectResource(), [["项目编号", "所在地区"], ["P", "长春"]])
    assert messages(result) == ["缺少必需的表头「项目名称」：请补上这些列。"]


def test_duplicate_header_refuses_the_file():
    result = import_rows(ProjectResource(), [["项目名称", "项目名称 "], ["甲", "乙"]])
    assert "表头「项目名称」出现了两次（第A列和第B列）" in messages(result)[0]


def test_data_under_a_blank_header_is_an_error():
    result = import_rows(ProjectResource(), [["项目名称", ""], ["甲", ""], ["乙", "备注"]])
    assert messages(result) == ["第B列没有表头，但第3行在这一列有数据：请补上表头或删除这一列。"]
    assert not Project.objects.exists()


def test_the_same_project_twice_in_a_file():
    result = run([row("P", "甲"), row("Q", "乙"), row("P", "丙")])
    assert messages(result) == ["第4行：与第2行是同一条记录（「项目编号」相同）"]


def test_reimporting_the_same_file_changes_nothing(industries):
    rows = [
        row("P-1", "甲", "长春", "医药健康", "一汽、新企业", "12.5", "在谈", "2022-6-28", status="已发布"),
        row("", "乙", "吉林", amount="88.64亿元"),
    ]  # fmt: skip
    assert run(rows).ok
    stamps = dict(Project.objects.values_list("pk", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        result = run(rows)
    assert result.counts == {"新增": 0, "更新": 0, "未变": 2, "错误": 0}
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert dict(Project.objects.values_list("pk", "updated_at")) == stamps


def test_changes_are_updates_naming_the_columns(industries):
    run([row("P-1", "甲", "长春", "医药健康", amount="12.5", signed="2022-06-28")])
    result = run([row("P-1", "甲", "吉林", "装备制造", amount="13", signed="2022-07-01")])
    assert result.counts["更新"] == 1
    assert result.rows[0].changes == [
        ("所在地区", "长春市", "吉林市"),
        ("总投资（亿元）", "12.5亿元", "13亿元"),
        ("所属产业", "医药健康", "装备制造"),
        ("签约日期", "2022-06-28", "2022-07-01"),
    ]
    project = Project.objects.get(code="P-1")
    assert project.region.name == "吉林市"
    assert [i.name for i in project.industries.all()] == ["装备制造"]
    assert list(project.signings.values_list("event", "signed_on")) == [(None, date(2022, 7, 1))]
    assert project.first_signed_on == date(2022, 7, 1)


def test_blank_cells_clear_values_but_not_identifiers_or_status():
    run([row("P-1", "甲", amount="12.5", summary="有简介", status="已发布")])
    run([row("", "甲", region="", amount="", summary="", status="")])
    project = Project.objects.get(name="甲")
    assert project.code == "P-1"
    assert project.status == PublicationStatus.PUBLISHED
    assert project.total_investment is None
    assert project.region is None
    assert project.summary == ""


def test_matching_by_code_then_by_name():
    existing = ProjectFactory(name="老项目", code="")
    coded = ProjectFactory(name="有编号的项目", code="X-1")
    result = run([row("NEW-1", "老项目", amount="1"), row("X-1", "改名后的项目", amount="2")])
    assert result.counts["更新"] == 2
    existing.refresh_from_db()
    coded.refresh_from_db()
    assert existing.code == "NEW-1"  # a list that gains codes updates its projects
    assert coded.name == "改名后的项目"


def test_same_name_projects_need_codes():
    ProjectFactory(name="同名项目", code="")
    ProjectFactory(name="同名项目", code="")
    result = run([row("", "同名项目", amount="1")])
    assert messages(result) == [
        "第2行：数据库中有多个名为「同名项目」的项目：请填写项目编号加以区分"
    ]


def test_slugs_are_unique_within_the_file_and_the_table():
    ProjectFactory(name="重名", code="X", slug="zhong-ming")
    run([row("A", "重名"), row("B", "重名"), row("C", "重 名")])
    slugs = sorted(Project.objects.filter(code__in="ABC").values_list("slug", flat=True))
    assert slugs == ["zhong-ming-2", "zhong-ming-3", "zhong-ming-4"]


def test_investors_are_created_once_and_listed():
    Company.objects.create(name="一汽")
    result = run([row("A", "甲", investors="一汽、新公司"), row("B", "乙", investors="新公司")])
    assert result.created_names == {"企业": ["新公司"]}
    assert Company.objects.filter(name="新公司").count() == 1
    assert Project.objects.get(code="B").investors.get().name == "新公司"


def test_dry_run_writes_nothing_but_reports_what_would_happen():
    result = run([row("A", "甲", investors="新公司")], dry_run=True)
    assert result.ok
    assert result.counts["新增"] == 1
    assert result.created_names == {"企业": ["新公司"]}
    assert not Project.objects.exists()
    assert not Company.objects.exists()


def test_queries_do_not_grow_with_rows(industries):
    def count(n, prefix):
        rows = [row(f"{prefix}{i}", f"{prefix}项目{i}", "长春", "医药健康", "企业甲", "1", signed="2022-1-1") for i in range(n)]  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert run(rows).ok
        return len(queries)

    Company.objects.create(name="企业甲")
    count(1, "W")  # the first import also loads what stays cached (the history's content type)
    assert count(20, "A") == count(400, "B")


def test_xlsx_with_typed_cells():
    result = import_rows(
        ProjectResource(),
        [HEADERS, row("P", "甲", amount=88.64, signed=date(2022, 6, 28), region=220100)],
        kind="xlsx",
    )
    assert result.ok, messages(result)
    project = Project.objects.get(code="P")
    assert project.total_investment == Decimal("88.64")
    assert project.region == Region.objects.get(code="220100")
    assert project.first_signed_on == date(2022, 6, 28)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_encodings(encoding):
    from spreadsheets.files import read_spreadsheet
    from tests.spreadsheet_files import csv_bytes

    data = csv_bytes([HEADERS, row("P", "吉林长春项目", "长春")], encoding)
    result = ProjectResource().import_data(read_spreadsheet(data, "csv"))
    assert result.ok
    assert Project.objects.get(code="P").name == "吉林长春项目"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(demo, kind):
    ProjectFactory(
        code="=1+2", name="-负号开头", summary="@提及", total_investment=Decimal("0.8864")
    )
    project = Project.objects.get(code="=1+2")
    Signing.objects.create(project=project, event=None, signed_on=date(2022, 6, 28))
    MilestoneFactory(project=project, date=date(2022, 7, 1))
    exported = export_rows(ProjectResource(), Project.objects.all(), kind)
    assert exported[0] == [*HEADERS, "项目名称（英文）", "项目简介（英文）"]
    result = import_rows(ProjectResource(), exported, kind=kind)
    assert result.ok, messages(result)
    assert result.counts == {"新增": 0, "更新": 0, "未变": Project.objects.count(), "错误": 0}


def test_the_preview_shows_new_rows_values_and_old_to_new_for_updates(industries):
    result = run(
        [row("P-1", "甲", "长春", "医药健康", amount="1924万元", stage="在谈")], dry_run=True
    )
    assert result.rows[0].values == [
        ("项目编号", "P-1"), ("项目名称", "甲"), ("所在地区", "长春市"), ("所属产业", "医药健康"),
        ("总投资（亿元）", "1924万元"), ("项目阶段", "在谈"),
    ]  # fmt: skip
    run([row("P-1", "甲", "长春", amount="1924万元", stage="已开工在建", status="已发布")])
    result = run(
        [row("P-1", "甲", "吉林", amount="999", stage="在谈", status="草稿")], dry_run=True
    )
    (update,) = result.rows
    assert ("总投资（亿元）", "1924万元", "999亿元") in update.changes
    assert update.warnings == [
        "「所在地区」地区变更：长春市 → 吉林市",
        "「总投资（亿元）」金额变为原来的5192倍，请核对单位（亿元/万元）",
        "「项目阶段」项目阶段倒退：已开工在建 → 在谈",
        "「发布状态」将从“已发布”改为“草稿”",
    ]
    assert result.warnings == [(2, w) for w in update.warnings]
    assert "1924万元 → 999亿元" in update.details


def test_ordinary_changes_need_no_confirmation(industries):
    run([row("P-1", "甲", "长春", amount="12", stage="在谈")])
    result = run([row("P-1", "甲", "农安", amount="15", stage="已签约")], dry_run=True)
    assert result.counts["更新"] == 1
    assert result.warnings == [(2, "「所在地区」地区变更：长春市 → 农安县")]
