"""`import_data` on the command line submits 已发布 rows for review unless run with --publish."""

from io import StringIO

import pytest
from django.core.management import call_command

from jlsite.publishing import PublicationStatus as S
from projects.models import Project
from tests.projects.factories import ProjectFactory
from tests.spreadsheet_files import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所在地区", "总投资（亿元）", "发布状态"]


def run(path, *options):
    out = StringIO()
    call_command("import_data", "projects", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes([HEADERS, ["P1", "新项目", "长春", "1", "已发布"],
                                ["P2", "草稿项目", "长春", "1", "草稿"]]))  # fmt: skip
    return path


def test_published_rows_are_submitted_by_default(sheet):
    said = run(sheet)
    assert Project.objects.get(code="P1").status == S.PENDING
    assert Project.objects.get(code="P2").status == S.DRAFT
    assert not Project.objects.published().exists()
    assert "命令行导入：已作为“待审核”提交" in said and "--publish" in said


def test_changes_to_published_records_are_submitted_by_default(tmp_path):
    ProjectFactory(code="P9", name="已发布项目")
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes([HEADERS, ["P9", "改名的项目", "长春", "2", ""]]))
    run(path)
    project = Project.objects.get(code="P9")
    assert (project.name, project.status) == ("改名的项目", S.PENDING)


def test_publish_publishes_rows_as_given(sheet):
    said = run(sheet, "--publish")
    assert Project.objects.published().get().code == "P1"
    assert Project.objects.get(code="P2").status == S.DRAFT
    assert "待审核" not in said
