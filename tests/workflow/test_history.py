"""Every change on record: admin edits, imports and restores, with a diff; restore is reviewed."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from jlsite.publishing import PublicationStatus as S
from projects.models import Statistic
from tests.articles.factories import ArticleFactory
from tests.conftest import sign_in
from tests.pages import main_text
from tests.richtext.admin_forms import form_data
from tests.spreadsheet_files import csv_bytes, import_rows

pytestmark = pytest.mark.django_db

HEADERS = ["指标", "地区", "年份", "起始月", "截止月", "数值", "单位"]


def url(view, *args):
    return reverse(f"admin:articles_article_{view}", args=args)


def edit(client, article, **fields):
    page = client.get(url("change", article.pk))
    response = client.post(url("change", article.pk), form_data(page, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def versions(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision"))


def test_admin_edits_are_recorded_with_who_and_a_field_diff(client, reviewer_user):
    article = ArticleFactory(title="旧标题", body="<p>第一段</p><p>第二段</p>")
    sign_in(client, reviewer_user)
    edit(client, article, title="新标题", body="<p>第一段</p><p>改写的第二段</p>")
    (version,) = versions(article)
    assert version.revision.user == reviewer_user
    assert version.revision.comment == "后台修改（提交审核）"  # their own change waits for review
    edit(client, article, title="第三个标题")
    latest, earlier = versions(article)

    history = main_text(client.get(url("history", article.pk)))
    assert "reviewer" in history and "后台修改" in history
    diff = main_text(client.get(url("version", article.pk, latest.pk)))
    assert "新标题" in diff and "第三个标题" in diff
    assert "正文" not in diff  # unchanged fields are not listed
    first = client.get(url("version", article.pk, earlier.pk)).text
    assert "最初记录的内容" in first


def test_an_html_body_diff_reads_as_text(client, admin_user):
    article = ArticleFactory(body="<p>第一段</p>")
    sign_in(client, admin_user)
    edit(client, article, body="<p>第一段</p>")  # a first version to compare with
    edit(client, article, body="<p>第一段</p><p>新增的一段</p>")
    latest = versions(article)[0]
    page = client.get(url("version", article.pk, latest.pk)).text
    assert '<span class="added">+新增的一段</span>' in page
    assert "&lt;p&gt;" not in page


def test_restore_by_an_editor_goes_through_review(client, editor_user, admin_user):
    article = ArticleFactory(title="原标题")
    sign_in(client, admin_user)
    edit(client, article, title="原标题")
    edit(client, article, title="被改坏的标题")
    original = versions(article)[1]

    sign_in(client, editor_user)
    page = client.get(url("version", article.pk, original.pk))
    assert "恢复此版本" in page.text and "待审核" in page.text
    assert client.get(url("restore", article.pk, original.pk)).status_code == 405
    client.post(url("restore", article.pk, original.pk))
    article.refresh_from_db()
    assert article.title == "原标题"
    assert article.status == S.PENDING
    assert versions(article)[0].revision.comment.startswith("后台恢复到")
    assert versions(article)[0].revision.user == editor_user


def test_a_reviewers_restore_of_a_published_version_waits_for_another_reviewer(
    client, reviewer_user
):
    article = ArticleFactory(title="原标题")
    sign_in(client, reviewer_user)
    edit(client, article, title="原标题")
    edit(client, article, title="新标题")
    page = client.get(url("version", article.pk, versions(article)[1].pk)).text
    assert "由另一位审核人员发布" in page
    response = client.post(url("restore", article.pk, versions(article)[1].pk), follow=True)
    assert "不能审核自己提交的内容，请由另一位审核人员发布" in main_text(response)
    article.refresh_from_db()
    assert (article.title, article.status) == ("原标题", S.PENDING)


def test_restore_by_a_reviewer_keeps_the_versions_state_on_a_one_person_site(
    client, reviewer_user, self_approval
):
    article = ArticleFactory(title="原标题")
    sign_in(client, reviewer_user)
    edit(client, article, title="原标题")
    edit(client, article, title="新标题")
    client.post(url("restore", article.pk, versions(article)[1].pk))
    article.refresh_from_db()
    assert (article.title, article.status) == ("原标题", S.PUBLISHED)


def test_actions_are_recorded(client, reviewer_user):
    article = ArticleFactory(status=S.PENDING)
    sign_in(client, reviewer_user)
    data = {"action": "publish", "_selected_action": [article.pk]}
    client.post(url("changelist"), data)
    (version,) = versions(article)
    assert version.revision.comment == "后台发布" and version.field_dict["status"] == S.PUBLISHED


def test_an_import_is_one_revision_named_by_its_file(data_staff_user):
    from projects.resources import StatisticResource

    rows = [HEADERS, ["招商引资到位资金", "全省", "2022", "1", "7", "1500", "亿元"],
            ["招商引资到位资金", "全省", "2021", "1", "7", "1400", "亿元"]]  # fmt: skip
    import_rows(StatisticResource(), rows, user=data_staff_user, source="表格导入 统计.xlsx")
    revision = Revision.objects.get()
    assert revision.comment == "表格导入 统计.xlsx" and revision.user == data_staff_user
    assert revision.version_set.count() == 2
    figure = Statistic.objects.get(year=2022)
    assert str(versions(figure)[0].field_dict["value"]) == "1500.0000"

    rows[1][5] = "1600"
    import_rows(StatisticResource(), rows, user=data_staff_user, source="表格导入 统计2.xlsx")
    assert [v.revision.comment for v in versions(figure)] == ["表格导入 统计2.xlsx",
                                                              "表格导入 统计.xlsx"]  # fmt: skip
    assert Revision.objects.get(comment="表格导入 统计2.xlsx").version_set.count() == 1


def test_an_import_from_the_command_line_names_the_command(tmp_path):
    path = tmp_path / "统计.csv"
    path.write_bytes(
        csv_bytes([HEADERS, ["招商引资到位资金", "全省", "2022", "1", "7", "1", "亿元"]])
    )
    call_command("import_data", "statistics", str(path), verbosity=0)
    assert Revision.objects.get().comment == "命令 import_data 统计.csv"
    assert Revision.objects.get().user is None


def test_an_imported_project_keeps_its_industries_in_the_version(demo):
    from projects.models import Project

    project = Project.objects.filter(industries__isnull=False).first()
    from workflow.history import record_import

    record_import(Project, [project.pk], source="表格导入 项目.xlsx")
    version = versions(project)[0]
    assert sorted(version.field_dict["industries"]) == sorted(
        project.industries.values_list("pk", flat=True)
    )
