"""The public project list as CSV and XLSX downloads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import ProjectStage
from tests.projects.factories import IndustryFactory, ProjectFactory, region
from tests.spreadsheet_files import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目编号", "项目名称", "所在地区", "所属产业", "投资方", "总投资（亿元）", "项目阶段",
    "签约日期", "开工日期", "投产日期", "项目简介", "发布状态", "项目名称（英文）",
    "项目简介（英文）",
]  # fmt: skip


def names(response):
    return [row[1] for row in csv_rows(response.getvalue())[1:]]


def table(response):
    """The rows of a streamed CSV download (its body can be read once)."""
    return csv_rows(response.getvalue())


@pytest.fixture
def projects(db):
    ProjectFactory(name="长春项目", region=region("changchun"), stage=ProjectStage.SIGNED)
    ProjectFactory(name="农安项目", region=region("nongan"), total_investment=Decimal("100"))
    ProjectFactory(name="吉林项目", region=region("jilin"))
    ProjectFactory(name="草稿项目", draft=True)
    ProjectFactory(name="定时项目", published_at=timezone.now() + timedelta(days=1))


def test_csv_has_the_import_headers_and_only_published_projects(client, projects):
    response = client.get(reverse("projects:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
    rows = table(response)
    assert rows[0] == HEADERS
    assert sorted(row[1] for row in rows[1:]) == ["农安项目", "吉林项目", "长春项目"]


def test_same_filters_as_the_list(client, projects):
    url = reverse("projects:export_csv")
    assert sorted(names(client.get(url, {"region": "changchun"}))) == ["农安项目", "长春项目"]
    assert names(client.get(url, {"stage": ProjectStage.SIGNED})) == ["长春项目"]
    assert names(client.get(url, {"q": "吉林"})) == ["吉林项目"]
    assert names(client.get(url, {"investment_min": "50"})) == ["农安项目"]
    assert (
        names(client.get(url, {"ordering": "-investment", "region": "changchun"}))[0] == "农安项目"
    )


def test_invalid_filters_are_refused_in_words(client, projects):
    response = client.get(reverse("projects:export_csv"), {"region": "atlantis"})
    assert response.status_code == 400
    assert "没有这个地区，请从列表中选择。" in response.getvalue().decode()


def test_xlsx_keeps_numbers_and_escapes_formulas(client, db):
    ProjectFactory(name='=HYPERLINK("http://x")', total_investment=Decimal("0.8864"))
    response = client.get(reverse("projects:export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = xlsx_rows(response.getvalue())
    assert [c.value for c in header] == HEADERS
    assert row[1].value == '\'=HYPERLINK("http://x")'
    assert (row[5].value, row[5].data_type) == (0.8864, "n")


def test_only_get_and_head(client, projects):
    assert client.post(reverse("projects:export_csv")).status_code == 405
    assert client.head(reverse("projects:export_xlsx")).status_code == 200


def test_queries_do_not_grow_with_projects(client, db):
    industry = IndustryFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("projects:export_csv"))
        return len(queries)

    def add(n):
        for project in ProjectFactory.create_batch(n):
            project.industries.add(industry)

    add(3)
    few = count()
    add(30)
    assert count() == few


def test_download_links_keep_the_filters_but_not_the_page():
    request = RequestFactory().get("/projects/", {"region": "changchun", "page": "3"})
    html = render_to_string("projects/spreadsheet_downloads.html", request=request)
    assert 'href="/projects/export.xlsx?region=changchun"' in html
    assert 'href="/projects/export.csv?region=changchun"' in html


def test_project_list_page_offers_the_filtered_downloads(client, demo):
    page = client.get(
        reverse("projects:project_list"), {"region": "meihekou", "stage": "under_construction"}
    ).text
    assert 'href="/projects/export.xlsx?region=meihekou&amp;stage=under_construction"' in page
    assert 'href="/projects/export.csv?region=meihekou&amp;stage=under_construction"' in page
