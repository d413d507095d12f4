"""The spreadsheets carry optional English columns; region and industry names ship in English."""

import pytest
from django.utils import translation

from articles.models import PolicyMeasure
from articles.resources import PolicyMeasureResource
from projects.models import Project, Region
from projects.resources import ProjectResource
from tests.articles.factories import PolicyFactory
from tests.pages import main_text
from tests.projects.factories import ProjectFactory
from tests.spreadsheet_files import export_rows, import_rows

pytestmark = pytest.mark.django_db


def test_english_columns_import_beside_the_chinese():
    rows = [
        ["项目名称", "所在地区", "项目简介", "项目名称（英文）", "项目简介（英文）"],
        ["长春新药项目", "长春", "新药。", "Changchun New Drug Project", "New medicines."],
    ]
    result = import_rows(ProjectResource(), rows)
    assert result.ok, [str(p) for p in result.problems]
    project = Project.objects.get(name="长春新药项目")
    assert (project.name_en, project.summary_en) == ("Changchun New Drug Project", "New medicines.")
    with translation.override("en"):
        assert Project.objects.get(pk=project.pk).name == "Changchun New Drug Project"


def test_a_file_without_english_columns_imports_and_keeps_the_english():
    project = ProjectFactory(name="长春新药项目", name_en="Changchun New Drug Project")
    rows = [["项目名称", "所在地区", "项目简介"], ["长春新药项目", "长春", "改过的简介。"]]
    result = import_rows(ProjectResource(), rows)
    assert result.ok, [str(p) for p in result.problems]
    project.refresh_from_db()
    assert (project.summary, project.name_en) == ("改过的简介。", "Changchun New Drug Project")


def test_exports_carry_the_english_columns():
    ProjectFactory(name="长春新药项目", name_en="Changchun New Drug Project", summary_en="")
    headers, *rows = export_rows(ProjectResource(), Project.objects.all())
    assert headers[-2:] == ["项目名称（英文）", "项目简介（英文）"]
    assert rows[0][headers.index("项目名称（英文）")] == "Changchun New Drug Project"
    assert rows[0][headers.index("项目名称")] == "长春新药项目"


def test_measures_round_trip_in_english():
    policy = PolicyFactory(short_title="支持民营经济发展40条", declared_measure_count=40)
    rows = [
        ["政策简称", "条款序号", "条款内容", "条款内容（英文）"],
        ["支持民营经济发展40条", "1", "放宽市场准入。", "Widen market access."],
    ]
    result = import_rows(PolicyMeasureResource(), rows)
    assert result.ok, [str(p) for p in result.problems]
    measure = PolicyMeasure.objects.get(policy=policy, number=1)
    assert measure.text_en == "Widen market access."
    headers, *exported = export_rows(PolicyMeasureResource(), PolicyMeasure.objects.all())
    assert exported[0][headers.index("条款内容（英文）")] == "Widen market access."


def test_region_names_ship_in_english(client):
    names = dict(Region.objects.values_list("slug", "name_en"))
    assert names["changchun"] == "Changchun"
    assert names["yanbian"] == "Yanbian Korean Autonomous Prefecture"
    assert names["changbaishan"] == "Changbai Mountain Administrative Committee"
    assert all(names.values())  # every region, counties and development zones included
    page = client.get("/en/regions/")
    assert "Siping" in main_text(page) and "Nong'an County" in main_text(page)
    assert "长春市" not in main_text(page)


def test_industry_and_channel_names_ship_in_english(client, demo):
    page = main_text(client.get("/en/industries/"))
    assert "Medicine and Health" in page and "医药健康" not in page
    assert "Investment News" in main_text(client.get("/en/articles/"))


def test_the_search_box_and_open_data_link_speak_english(client):
    page = client.get("/en/").content.decode()
    assert "Search this site" in page and "Open data" in page
    assert "站内搜索" not in page and "开放数据" not in page
