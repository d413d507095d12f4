"""CSV downloads in GBK for older Excel (`?encoding=gbk`): GB18030, so that GBK's characters
keep GBK's bytes and the few it lacks are still written, not lost; kept apart per encoding."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.projects.factories import ProjectFactory
from tests.spreadsheet_files import csv_rows

pytestmark = pytest.mark.django_db

CSV = "/projects/export.csv"
OUTSIDE_GBK = "𠮷野家🚗"  # U+20BB7 and an emoji: neither is in GBK


@pytest.fixture
def keep_all(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = str(tmp_path / "exports")
    settings.EXPORT_KEEP_MIN_BYTES = 0


def test_gbk_csv_opens_in_gbk_without_a_bom(client):
    ProjectFactory(name="长春汽车零部件产业园")
    response = client.get(CSV, {"encoding": "gbk"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=gb18030"
    assert response["Content-Disposition"].endswith('-gbk.csv"')
    body = response.getvalue()
    assert not body.startswith(b"\xef\xbb\xbf")
    text = body.decode("gbk")  # what Chinese Excel reads in code page 936
    assert "长春汽车零部件产业园" in text
    utf8 = client.get(CSV).getvalue().decode("utf-8-sig")
    assert csv_rows(text.encode("utf-8")) == csv_rows(utf8.encode("utf-8"))


def test_characters_outside_gbk_are_written_not_lost(client):
    ProjectFactory(name=f"{OUTSIDE_GBK}项目")
    response = client.get(CSV, {"encoding": "gbk"})
    assert response.status_code == 200
    assert f"{OUTSIDE_GBK}项目" in response.getvalue().decode("gb18030")


def test_each_encoding_has_its_own_kept_file(client, keep_all):
    ProjectFactory.create_batch(3, name="双编码")
    gbk = client.get(CSV, {"encoding": "gbk"}).getvalue()
    utf8 = client.get(CSV).getvalue()
    assert gbk != utf8
    kept_gbk = client.get(CSV, {"encoding": "GBK"})
    kept_utf8 = client.get(CSV)
    assert kept_gbk["X-Download"] == kept_utf8["X-Download"] == "kept"
    assert kept_gbk["Content-Type"] == "text/csv; charset=gb18030"
    assert kept_gbk.getvalue() == gbk and kept_utf8.getvalue() == utf8


def test_an_unknown_encoding_is_refused_in_words(client):
    response = client.get(CSV, {"encoding": "latin-1"})
    assert response.status_code == 400
    assert "encoding=gbk" in response.text and "不支持" in response.text


def test_open_data_csv_in_gbk_and_the_page_offers_it(client, demo):
    response = client.get("/data/projects.csv", {"encoding": "gbk"})
    assert response.status_code == 200
    assert "项目名称" in response.getvalue().decode("gb18030")
    assert 'href="/data/projects.csv?encoding=gbk">GBK（旧版 Excel）' in client.get("/data/").text


def test_the_project_list_offers_gbk_with_the_filters():
    request = RequestFactory().get("/projects/", {"region": "changchun", "page": "3"})
    html = render_to_string("projects/spreadsheet_downloads.html", request=request)
    assert 'href="/projects/export.csv?region=changchun&amp;encoding=gbk">GBK（旧版 Excel）' in html
