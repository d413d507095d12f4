"""Import, export and blank templates in the admin, by role."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from jlsite.publishing import PublicationStatus
from projects.models import Project, Region
from spreadsheets import registry
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


def upload(client, rows, name="项目.csv", encoding="gbk", data=None):
    if data is None:
        data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding)
    return client.post(
        url(Project, "import"),
        {"resource": "0", "import_file": SimpleUploadedFile(name, data)},
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(url(Project, "process_import"), form.initial, follow=True)


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
    assert "新增 1，更新 1，未变 0，错误 0" in page
    assert "行号与 Excel 中一致：第1行是表头，数据从第2行开始。" in page
    assert "修改：总投资（亿元）" in page
    assert "确认导入" in page
    assert not Project.objects.filter(code="P1").exists()  # a preview writes nothing
    assert cache.get(
        "django-import-export-" + preview.context["confirm_form"].initial["import_file_name"]
    )

    done = confirm(staff_client, preview)
    assert done.redirect_chain[-1][0] == url(Project, "changelist")
    assert "导入完成：新增 1，更新 1，未变 0，错误 0。" in done.text
    assert Project.objects.get(code="P1").total_investment == Decimal("0.8864")
    existing.refresh_from_db()
    assert existing.total_investment == 2
    entries = LogEntry.objects.order_by("action_flag")
    assert (entries[0].action_flag, entries[0].object_repr) == (ADDITION, "P1 / 新项目")
    assert entries.count() == 2


def test_preview_lists_errors_in_chinese_and_offers_no_confirm(staff_client):
    rows = [HEADERS] + [[f"P{i}", f"项目{i}", "长春", "1", ""] for i in range(10)]
    rows.append(["P10", "坏", "长春县", "1", ""])
    preview = upload(staff_client, rows)
    assert "第12行「所在地区」：未知地区「长春县」" in preview.text
    assert "整个文件都不会写入" in preview.text
    assert "确认导入" not in preview.text
    assert preview.context.get("confirm_form") is None
    assert not Project.objects.exists()


def test_header_problems_are_shown(staff_client):
    preview = upload(staff_client, [["项目", "地区"], ["甲", "长春"]])
    assert "无法识别的表头「项目」、「地区」" in preview.text
    assert "确认导入" not in preview.text


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


def test_xlsx_upload(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", 220100, 12.5, "已发布"]], name="p.xlsx")
    assert "新增 1" in preview.text
    confirm(staff_client, preview)
    project = Project.objects.get(code="P1")
    assert project.status == PublicationStatus.PUBLISHED
    assert project.region.name == "长春市"


def test_confirm_after_the_data_changed_writes_nothing(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""], ["", "乙", "", "", ""]])
    ProjectFactory(name="乙", code="")
    ProjectFactory(name="乙", code="")  # now 乙 is ambiguous
    done = confirm(staff_client, preview)
    assert "导入未完成，没有写入任何数据" in done.text
    assert not Project.objects.filter(code="P1").exists()


def test_expired_upload(staff_client):
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    cache.clear()
    done = confirm(staff_client, preview)
    assert "已过期" in done.text
    assert not Project.objects.exists()


def test_blank_template(staff_client):
    response = staff_client.get(url(Project, "import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="projects-template.xlsx"'
    data = response.content
    assert [c.value for c in xlsx_rows(data, 0)[0]] == [
        "项目编号", "项目名称", "所在地区", "所属产业", "投资方", "总投资（亿元）", "项目阶段",
        "签约日期", "开工日期", "投产日期", "项目简介", "发布状态",
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
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
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
