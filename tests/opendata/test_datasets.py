"""/data/: the datasets as CSV, XLSX and JSON, described field by field, public rows only."""

import json
import re

import pytest
from django.urls import reverse

from jlsite.publishing import PublicationStatus
from opendata.datasets import DATASETS, FORMATS
from tests.projects.factories import (
    EventFactory,
    ProjectFactory,
    SigningFactory,
    StatisticFactory,
)
from tests.spreadsheet_files import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    public, draft = EventFactory(name="公开活动"), EventFactory(name="草稿活动", draft=True)
    SigningFactory(event=public, project=ProjectFactory(name="公开项目"))
    SigningFactory(event=public, project=ProjectFactory(name="草稿项目", draft=True))
    SigningFactory(event=draft, project=ProjectFactory(name="隐秘签约项目"))
    StatisticFactory(indicator="公开指标")
    StatisticFactory(indicator="草稿指标", draft=True)


def text_of(response, kind):
    body = response.getvalue()
    if kind == "xlsx":
        return json.dumps([[c.value for c in row] for row in xlsx_rows(body)], ensure_ascii=False)
    return body.decode("utf-8-sig")


@pytest.mark.parametrize("kind", list(FORMATS))
@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_in_every_format_holds_public_rows_only(client, content, name, kind):
    response = client.get(reverse("opendata:dataset", args=[name, kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{name}-')
    text = text_of(response, kind)
    assert "草稿" not in text
    assert "公开" in text
    if name == "signings":  # a public project, signed at a draft event
        assert "隐秘签约项目" not in text


def test_files_carry_the_documented_columns(client, content):
    for dataset in DATASETS.values():
        url = reverse("opendata:dataset", args=[dataset.name, "csv"])
        assert csv_rows(client.get(url).getvalue())[0] == [f.header for f in dataset.fields]
        items = json.loads(client.get(url.replace(".csv", ".json")).getvalue())
        assert items and all(list(item) == [f.name for f in dataset.fields] for item in items)


def test_json_keeps_numbers_and_dates_typed(client, db):
    StatisticFactory(indicator="到位资金", value="663.02", yoy_growth="14.00", year=2022)
    url = reverse("opendata:dataset", args=["statistics", "json"])
    (item,) = json.loads(client.get(url).getvalue())
    assert (item["value"], item["yoy_growth"], item["year"]) == (663.02, 14.0, 2022)
    assert item["approximate"] is False and item["region"] is None


def test_the_page_lists_each_dataset_with_its_time_fields_and_licence(client, content):
    page = client.get(reverse("opendata:index")).text
    for dataset in DATASETS.values():
        assert str(dataset.title) in page
        for kind in FORMATS:
            assert f'href="/data/{dataset.name}.{kind}"' in page
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page
    assert page.count("<time datetime=") == len(DATASETS)
    assert "CC BY 4.0" in page and 'rel="license noopener"' in page
    assert 'href="/api/"' in page


def test_publishing_shows_in_the_next_kept_file(client, db, settings, tmp_path):
    settings.EXPORT_CACHE_DIR, settings.EXPORT_KEEP_MIN_BYTES = str(tmp_path), 0
    url = reverse("opendata:dataset", args=["events", "csv"])
    event = EventFactory(name="待发布活动", draft=True)
    assert "待发布活动" not in client.get(url).getvalue().decode("utf-8-sig")
    assert client.get(url)["X-Download"] == "kept"
    event.status = PublicationStatus.PUBLISHED
    event.save()
    assert "待发布活动" in client.get(url).getvalue().decode("utf-8-sig")


def test_dataset_files_are_rate_limited(client, db, settings):
    settings.EXPORT_RATE_LIMIT = 2
    url = reverse("opendata:dataset", args=["statistics", "json"])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_unknown_datasets_and_formats_are_404(client, db):
    assert client.get("/data/users.csv").status_code == 404
    assert client.get("/data/projects.exe").status_code == 404


@pytest.mark.parametrize("url", ["/data/", "/api/"])
def test_pages_are_csp_clean(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
