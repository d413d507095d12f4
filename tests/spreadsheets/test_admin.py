"""Import, export and blank templates in the admin, by role."""

import io
from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from jlsite.publishing import PublicationStatus
from projects.models import Project, Region
from spreadsheets import jobs, registry
from spreadsheets.models import ImportJob
from tests.pages import text
from tests.projects.factories import ProjectFactory
from tests.spreadsheet_files import csv_bytes, csv_rows, xlsx_bytes, xlsx_rows

pytestmark = pytest.mark.django_db

IMPORTABLE = registry.models()
HEADERS = ["项目编号", "项目名称", "所在地区", "总投资（亿元）", "发布状态"]


def url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


@pytest.fixture
def staff_client(client, data_staff_user):
    client.force_login(data_staff_user)
    return client


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def upload(client, rows, name="项目.csv", encoding="gbk", data=None, model=Project):
    """Upload a file; the test task backend previews it at once. The page the upload leads to."""
    if data is None:
        data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding)
    return client.post(
        url(model, "import"), {"import_file": SimpleUploadedFile(name, data)}, follow=True
    )


def job_of(page):
    return page.context["job"]


def preview_of(client, response, **query):
    """The preview page of the job `response` shows, with ?kind= and ?page=."""
    address = reverse("admin:projects_project_import_preview", args=[job_of(response).pk])
    return client.get(address, query)


def confirm(client, page, **extra):
    job = job_of(page)
    return client.post(
        reverse("admin:projects_project_import_job", args=[job.pk]),
        {"action": "confirm", **extra},
        follow=True,
    )


@pytest.mark.parametrize("model", IMPORTABLE, ids=lambda m: m._meta.label)
def test_data_staff_see_import_export_and_template(staff_client, model):
    page = staff_client.get(url(model, "changelist")).text
    assert url(model, "import") in page
    assert url(model, "export") in page
    assert url(model, "import_template") in page
    assert "下载空白模板" in page
    assert staff_client.get(url(model, "import")).status_code == 200
    assert staff_client.get(url(model, "export")).status_code == 200


@pytest.mark.parametrize("model", IMPORTABLE, ids=lambda m: m._meta.label)
def test_editors_get_no_buttons_and_403(editor_client, model):
    page = editor_client.get(url(model, "changelist"))
    assert page.status_code == 200
    assert url(model, "import") not in page.text
    assert url(model, "export") not in page.text
    assert "下载空白模板" not in page.text
    for view in ("import", "export", "import_template"):
        assert editor_client.get(url(model, view)).status_code == 403
    assert editor_client.post(url(model, "process_import"), {}).status_code == 403


def test_editor_cannot_post_an_import(editor_client):
    response = upload(editor_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_reference_lists_have_no_import(admin_client):
    page = admin_client.get(url(Region, "changelist")).text
    assert "下载空白模板" not in page


def test_preview_then_confirm(staff_client):
    existing = ProjectFactory(code="P0", name="老项目", total_investment=1)
    rows = [
        HEADERS,
        ["P0", "老项目", "长春", "2", "已发布"],
        ["P1", "新项目", "长春", "8864万元", ""],
    ]
    preview = upload(staff_client, rows)
    assert preview.status_code == 200
    page = preview.text
    assert "待确认" in page
    assert "新增 1，更新 1，未变 0，错误 0" in page
    assert "行号与 Excel 中一致：第1行是表头，数据从第2行开始。" in page
    assert "更新（1 行）" in page and "新增（1 行）" in page
    assert "确认导入" in page
    updates = preview_of(staff_client, preview, kind="update").text
    assert "总投资（亿元）：<del>1亿元</del> → <ins>2亿元</ins>" in updates
    assert "总投资（亿元）：8864万元" in preview_of(staff_client, preview, kind="new").text
    assert not Project.objects.filter(code="P1").exists()  # a preview writes nothing
    job = job_of(preview)
    assert job.file and job.file.storage.exists(job.file.name)

    done = confirm(staff_client, preview)
    assert "已导入" in done.text
    assert "导入结果" in done.text and "新增 1，更新 1，未变 0，错误 0" in done.text
    assert Project.objects.get(code="P1").total_investment == Decimal("0.8864")
    existing.refresh_from_db()
    assert existing.total_investment == 2
    entries = LogEntry.objects.order_by("action_flag")
    assert (entries[0].action_flag, entries[0].object_repr) == (ADDITION, "P1 / 新项目")
    assert entries.count() == 2
    job.refresh_from_db()
    assert not job.file  # the upload is deleted once imported
    assert not default_storage.exists(f"imports/{job.pk}/upload.csv")


def test_a_double_click_on_confirm_imports_once(staff_client):
    preview = upload(staff_client, [HEADERS, ["", "新项目", "长春", "1", ""]])
    confirm(staff_client, preview)
    again = confirm(staff_client, preview)
    assert "这次导入已经确认过，不会重复导入" in again.text
    assert Project.objects.filter(name="新项目").count() == 1


def test_suspicious_changes_need_a_tick_before_confirming(staff_client):
    ProjectFactory(code="P0", name="老项目", total_investment=Decimal("0.1924"))
    preview = upload(staff_client, [HEADERS, ["P0", "老项目", "长春", "999", ""]])
    assert "「总投资（亿元）」金额变为原来的5192倍" in preview.text
    assert "我已在预览中逐条核对 1 处需要确认的修改" in preview.text
    rows = preview_of(staff_client, preview).text  # the warnings come first
    assert "1924万元</del> → <ins>999亿元" in rows
    assert "⚠ 「总投资（亿元）」金额变为原来的5192倍" in rows
    assert "我已在预览中逐条核对 1 处需要确认的修改" in rows  # confirm from there too
    refused = confirm(staff_client, preview)
    assert "请逐条核对后勾选" in refused.text
    assert Project.objects.get(code="P0").total_investment == Decimal("0.1924")
    confirm(staff_client, preview, acknowledge="on")
    assert Project.objects.get(code="P0").total_investment == 999


def test_preview_lists_errors_in_chinese_and_offers_no_confirm(staff_client):
    rows = [HEADERS] + [[f"P{i}", f"项目{i}", "长春", "1", ""] for i in range(10)]
    rows.append(["P10", "坏", "长春县", "1", ""])
    preview = upload(staff_client, rows)
    assert "第12行「所在地区」：未知地区「长春县」" in preview.text
    assert "有错误，没有写入任何数据" in preview.text
    assert "确认导入" not in preview.text
    assert not Project.objects.exists()
    job = job_of(preview)
    assert not job.file  # a refused upload is not kept
    report = staff_client.get(reverse("admin:projects_project_import_report", args=[job.pk]))
    assert "filename*=utf-8''" in report["Content-Disposition"]
    cells = xlsx_rows(b"".join(report.streaming_content))
    assert [c.value for c in cells[0]][-2:] == ["导入结果", "说明"]
    assert [c.value for c in cells[11]][-2:] == ["错误", "「所在地区」：未知地区「长春县」"]


def test_header_problems_are_shown(staff_client):
    preview = upload(staff_client, [["项目", "地区"], ["甲", "长春"]])
    assert (
        "无法识别的表头「项目」（您是否想用「项目名称」？）、「地区」（您是否想用「所在地区」？）"
        in preview.text
    )
    assert "确认导入" not in preview.text


def test_a_huge_number_of_errors_gives_a_bounded_page(staff_client):
    rows = [HEADERS] + [[f"P{i}", f"项目{i}", f"火星{i}", "1", ""] for i in range(3000)]
    preview = upload(staff_client, rows)
    assert "错误（3000 行）" in preview.text
    assert preview.text.count("未知地区") <= 25
    assert "还有 2,980 处错误（完整列表见下载的导入报告）" in preview.text
    assert len(preview.content) < 50_000
    listed = preview_of(staff_client, preview, kind="invalid", page=2).text
    assert "错误（3000 行，预览列出前 100 行，全部见导入报告）" in listed
    assert "第 2 / 2 页（第 51–100 条）" in listed
    assert "<td>52</td>" in listed and "<td>102</td>" not in listed
    assert len(listed) < 100_000


BAD_UPLOADS = {
    "empty": ("空.csv", b"", "文件是空的"),
    "headers only": ("表.csv", csv_bytes([HEADERS]), "只有表头，没有数据行"),
    "junk": ("乱码.csv", bytes(range(256)) * 10, "不是可以识别的 CSV 文本"),
    "truncated": (
        "断.xlsx",
        xlsx_bytes([HEADERS, ["P", "甲", "", "", ""]])[:2000],
        "已损坏或不完整",
    ),
    "encrypted": ("锁.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "设置了打开密码"),
    "old excel": ("旧.xls", b"\xd0\xcf\x11\xe0", "不支持 .xls 格式"),
    "other": ("图.png", b"\x89PNG", "只支持 Excel 工作簿（.xlsx）和 CSV 文件（.csv）"),
}


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_files_get_one_message(staff_client, name, data, message):
    response = upload(staff_client, None, name=name, data=data)
    assert response.status_code == 200
    assert message in response.text
    assert "Traceback" not in response.text
    assert "确认导入" not in response.text


def test_oversized_file_is_refused_before_reading(staff_client, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    response = upload(staff_client, [HEADERS, ["P1", "甲" * 200, "", "", ""]])
    assert "超过上限 1 KB：请拆分成几个文件分批导入" in response.text
    assert not ImportJob.objects.exists()


def test_xlsx_upload(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", 220100, 12.5, "已发布"]], name="p.xlsx")
    assert "新增 1" in preview.text
    assert "没有发布权限" in preview.text
    assert "没有发布权限" in confirm(staff_client, preview).text
    project = Project.objects.get(code="P1")
    # 数据专员 may not publish: the row is submitted for review, and the job page says so.
    assert project.status == PublicationStatus.PENDING
    assert project.region.name == "长春市"


def test_confirm_after_the_data_changed_writes_nothing(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""], ["", "乙", "", "", ""]])
    ProjectFactory(name="乙", code="")
    ProjectFactory(name="乙", code="")  # now 乙 is ambiguous
    done = confirm(staff_client, preview)
    assert "导入失败，未写入任何数据" in done.text
    assert "数据库中有多个名为「乙」的项目" in done.text
    assert not Project.objects.filter(code="P1").exists()


def test_cancel_deletes_the_upload(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    job = job_of(preview)
    name = job.file.name
    staff_client.post(
        reverse("admin:projects_project_import_job", args=[job.pk]), {"action": "cancel"}
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.CANCELLED
    assert not default_storage.exists(name)
    assert "确认导入" not in confirm(staff_client, preview).text
    assert not Project.objects.exists()


def test_unconfirmed_uploads_and_old_reports_are_deleted_in_time(staff_client, settings):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    refused = upload(staff_client, [HEADERS, ["P2", "乙", "火星", "1", ""]])
    waiting, failed = job_of(preview), job_of(refused)
    upload_name, report_name = waiting.file.name, failed.report.name
    jobs.discard_abandoned(now=timezone.now() + timedelta(hours=23))
    assert default_storage.exists(upload_name) and default_storage.exists(report_name)
    jobs.discard_abandoned(now=timezone.now() + timedelta(hours=25))
    waiting.refresh_from_db()
    assert waiting.state == ImportJob.State.CANCELLED and "超过期限未确认" in waiting.message
    assert not default_storage.exists(upload_name)
    assert default_storage.exists(report_name)
    jobs.discard_abandoned(now=timezone.now() + timedelta(days=8))
    assert not default_storage.exists(report_name)


def test_progress_answers_from_the_job_and_the_cache(staff_client, django_assert_max_num_queries):
    preview = upload(
        staff_client, [HEADERS] + [[f"P{i}", f"项目{i}", "长春", "1", ""] for i in range(30)]
    )
    job = job_of(preview)
    address = reverse("admin:projects_project_import_progress", args=[job.pk])
    with django_assert_max_num_queries(12):  # the job, and the admin's session, user, 2FA checks
        news = staff_client.get(address).json()
    assert news["state"] == "previewed" and news["state_label"] == "待确认"
    assert (news["done"], news["total"], news["percent"]) == (30, 30, 100)


def test_a_job_whose_worker_died_says_so_and_wrote_nothing(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    job = job_of(preview)
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.IMPORTING, started_at=timezone.now() - timedelta(minutes=10)
    )
    cache.delete(jobs.progress_key(job))
    page = staff_client.get(reverse("admin:projects_project_import_job", args=[job.pk]))
    assert "后台处理已中断" in page.text and "没有写入任何数据" in page.text
    assert not Project.objects.exists()


class DownCache(BaseCache):
    """A cache whose server is down: every call raises."""

    def __init__(self):
        super().__init__({})

    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    set = add = delete = get


def test_imports_work_while_the_cache_is_down(staff_client, monkeypatch):
    monkeypatch.setattr(jobs, "cache", DownCache())
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    assert preview.status_code == 200 and "待确认" in preview.text
    done = confirm(staff_client, preview)
    assert done.status_code == 200 and "已导入" in done.text
    assert Project.objects.filter(code="P1").exists()


def test_job_pages_belong_to_their_model_and_role(staff_client, editor_user):
    from django.test import Client

    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    job = job_of(preview)
    editor_client = Client()
    editor_client.force_login(editor_user)
    assert (
        staff_client.get(reverse("admin:projects_event_import_job", args=[job.pk])).status_code
        == 404
    )
    assert (
        editor_client.get(reverse("admin:projects_project_import_job", args=[job.pk])).status_code
        == 403
    )
    assert (
        staff_client.get(
            reverse(
                "admin:projects_project_import_job", args=["00000000-0000-0000-0000-000000000000"]
            )
        ).status_code
        == 404
    )


def test_blank_template(staff_client):
    response = staff_client.get(url(Project, "import_template"))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("项目-导入模板.xlsx")
    )
    data = response.content
    assert [c.value for c in xlsx_rows(data, 0)[0]] == [
        "项目编号", "项目名称", "所在地区", "所属产业", "投资方", "总投资（亿元）", "项目阶段",
        "签约日期", "开工日期", "投产日期", "项目简介", "发布状态", "项目名称（英文）",
        "项目简介（英文）",
    ]  # fmt: skip
    notes = {
        row[0].value: (row[1].value, row[2].value) for row in xlsx_rows(data, 1) if row[0].value
    }
    assert notes["项目名称"][0] == "是"
    assert "8864万元" in notes["总投资（亿元）"][1]
    assert "已开工在建" in notes["项目阶段"][1]


def test_export_takes_the_changelist_filters(staff_client):
    ProjectFactory(name="已发布项目")
    ProjectFactory(name="草稿项目", draft=True)
    export = url(Project, "export") + "?status__exact=published"
    assert export in staff_client.get(url(Project, "changelist") + "?status__exact=published").text
    response = staff_client.post(export, {"format": "1", "resource": "0"})
    assert response["Content-Type"].startswith("text/csv")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote(f"项目-{day}.csv")
    )
    rows = csv_rows(response.content)
    assert rows[0][:2] == ["项目编号", "项目名称"]
    assert [r[1] for r in rows[1:]] == ["已发布项目"]


def test_export_xlsx(staff_client):
    ProjectFactory(name="=危险", total_investment=12.5)
    response = staff_client.post(url(Project, "export"), {"format": "0", "resource": "0"})
    header, row = xlsx_rows(response.content)
    assert header[1].value == "项目名称"
    assert row[1].value == "'=危险"
    assert (row[5].value, row[5].data_type) == (12.5, "n")


@pytest.mark.parametrize("model", IMPORTABLE, ids=lambda m: m._meta.label)
def test_every_model_exports_and_offers_a_template(staff_client, demo, model):
    from spreadsheets.registry import resource_class, resource_name

    headers = [c.header for c in resource_class(resource_name(model))().columns]
    response = staff_client.post(url(model, "export"), {"format": "1", "resource": "0"})
    rows = csv_rows(response.content)
    assert rows[0] == headers
    assert len(rows) - 1 == model._default_manager.count()
    template = staff_client.get(url(model, "import_template")).content
    assert [c.value for c in xlsx_rows(template, 0)[0]] == headers


def test_export_too_long_for_excel_says_so(staff_client):
    from tests.articles.factories import ArticleFactory

    ArticleFactory(title="长文", body="<p>" + "字" * 40_000 + "</p>")
    response = staff_client.post(url(Article, "export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert "超过 Excel 单元格上限" in response.text
    response = staff_client.post(url(Article, "export"), {"format": "1", "resource": "0"})
    assert response["Content-Type"].startswith("text/csv")


def test_export_page_preselects_xlsx_and_says_how_many_rows_it_will_export(staff_client):
    ProjectFactory(name="已发布项目")
    ProjectFactory(name="草稿项目", draft=True)
    page = staff_client.get(url(Project, "export") + "?status__exact=published")
    assert "将导出当前筛选出的 1 条项目" in text(page)
    assert '<option value="0" selected>XLSX</option>' in page.text
    assert "将导出全部 2 条项目" in text(staff_client.get(url(Project, "export")))


@pytest.mark.parametrize("query", ["?nonsense=1", "?status__exact=published&region__id__exact=abc"])
def test_export_with_a_bad_filter_is_not_an_error_page(staff_client, query):
    ProjectFactory(name="项目")
    for response in (
        staff_client.get(url(Project, "export") + query),
        staff_client.post(url(Project, "export") + query, {"format": "0", "resource": "0"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == url(Project, "changelist")
    page = staff_client.get(url(Project, "changelist"))
    assert "筛选条件无效" in page.text


def test_blank_template_columns_are_wide_enough_to_read(staff_client):
    from openpyxl import load_workbook

    data = staff_client.get(url(Project, "import_template")).content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    widths = {
        sheet.cell(1, c).value: sheet.column_dimensions[chr(64 + c)].width for c in range(1, 13)
    }
    assert widths["项目名称"] >= 40  # project names run to twenty characters
    assert widths["项目简介"] >= 40
    assert widths["投资方"] >= 30
    assert min(widths.values()) >= 12
