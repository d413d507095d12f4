"""Public downloads cannot stall the site: streamed, rate-limited per client, kept until the
content changes, one Excel file written at a time."""

import gzip
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.http import StreamingHttpResponse

from jlsite.publishing import PublicationStatus
from jlsite.settings.base import redis_cache
from projects.models import Project
from projects.resources import ProjectResource
from serving.downloads import build_xlsx
from spreadsheets.writing import write_csv
from tests.projects.factories import ProjectFactory
from tests.spreadsheet_files import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

CSV, XLSX = "/projects/export.csv", "/projects/export.xlsx"


@pytest.fixture
def keep_all(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = str(tmp_path / "exports")
    settings.EXPORT_KEEP_MIN_BYTES = 0
    return tmp_path / "exports"


class RaisingCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_csv_streams_the_rows_the_staff_export_writes(client, demo):
    response = client.get(CSV)
    assert isinstance(response, StreamingHttpResponse)
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Chinese Excel opens it
    staff = write_csv(*ProjectResource().export_rows(Project.objects.published()))
    assert sorted(csv_rows(body)[1:]) == sorted(csv_rows(staff)[1:])
    assert len(csv_rows(body)) == Project.objects.published().count() + 1


def test_formulas_are_defused_in_both_formats(client, db):
    ProjectFactory(name="=1+2", summary="@SUM(A1)")
    row = csv_rows(client.get(CSV).getvalue())[1]
    assert (row[1], row[10]) == ("'=1+2", "'@SUM(A1)")
    cells = xlsx_rows(client.get(XLSX).getvalue())[1]
    assert (cells[1].value, cells[10].value) == ("'=1+2", "'@SUM(A1)")


def test_the_limit_is_per_client_and_says_when_to_come_back(client, db, settings):
    settings.EXPORT_RATE_LIMIT, settings.EXPORT_RATE_WINDOW = 2, 60
    ProjectFactory()
    assert [client.get(CSV).status_code for _ in range(2)] == [200, 200]
    refused = client.get(XLSX)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "请求过于频繁" in refused.text and "秒后再试" in refused.text
    assert client.get(CSV, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_limit_fails_open_when_the_cache_raises(client, db, settings, monkeypatch, caplog):
    settings.EXPORT_RATE_LIMIT = 1
    monkeypatch.setattr("serving.ratelimit.cache", RaisingCache())
    monkeypatch.setattr("serving.downloads.cache", RaisingCache())
    ProjectFactory(name="照常下载")
    for _ in range(3):
        assert "照常下载" in client.get(CSV).getvalue().decode("utf-8-sig")
        assert client.get(XLSX).status_code == 200
    assert any("cache is unavailable" in r.getMessage() for r in caplog.records)


def test_downloads_answer_while_redis_is_down(client, db, settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}
    settings.EXPORT_RATE_LIMIT = 1
    ProjectFactory(name="照常下载")
    for url in (CSV, XLSX, CSV):
        assert client.get(url).status_code == 200


def test_a_repeated_download_comes_from_the_kept_file(client, db, keep_all):
    ProjectFactory(name="第一个")
    first = client.get(CSV, {"region": "changchun"})
    assert first["X-Download"] == "streamed"
    body = first.getvalue()
    again = client.get(CSV, {"region": "changchun"})
    assert again["X-Download"] == "kept"
    assert again.getvalue() == body
    assert client.get(CSV)["X-Download"] == "streamed"  # other filters, another file


def test_publishing_anything_replaces_the_kept_file(client, db, keep_all):
    ProjectFactory(name="第一个")
    for url in (CSV, XLSX):
        b"".join(client.get(url).streaming_content)
        assert client.get(url)["X-Download"] == "kept"
    draft = ProjectFactory(name="新发布", draft=True)
    assert "新发布" not in client.get(CSV).getvalue().decode("utf-8-sig")
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    response = client.get(CSV)
    assert response["X-Download"] == "streamed"
    assert "新发布" in response.getvalue().decode("utf-8-sig")
    workbook = client.get(XLSX)
    assert workbook["X-Download"] == "built"
    assert "新发布" in [row[1].value for row in xlsx_rows(workbook.getvalue())]
    # Only the current version's files stay on disk.
    versions = {path.name.split("-")[0] for path in Path(keep_all).iterdir()}
    assert len(versions) == 1


def test_a_download_cut_short_keeps_nothing(client, db, keep_all):
    ProjectFactory.create_batch(3)
    response = client.get(CSV)
    next(iter(response.streaming_content))
    response.close()
    assert not any(keep_all.iterdir())
    assert client.get(CSV)["X-Download"] == "streamed"


def test_the_worker_writes_a_large_excel_file_while_the_reader_waits(
    client, db, monkeypatch, settings
):
    ProjectFactory(name="大表")
    queued = []
    monkeypatch.setattr(
        "serving.downloads.build_xlsx", SimpleNamespace(enqueue=lambda *a: queued.append(a))
    )
    wait = client.get(XLSX, {"region": "changchun"})
    assert wait.status_code == 202
    assert wait["Refresh"] == wait["Retry-After"] == "10"
    assert "正在生成" in wait.text
    assert 'href="/projects/export.csv?region=changchun"' in wait.text
    settings.EXPORT_RATE_LIMIT = 1  # the page reloading while it waits is not counted
    for _ in range(3):
        assert client.get(XLSX, {"region": "changchun"}).status_code == 202
    assert len(queued) == 1  # one job per file, however often it is asked for
    build_xlsx.call(*queued[0])  # what the worker does
    done = client.get(XLSX, {"region": "changchun"})
    assert done.status_code == 200
    assert "大表" in [row[1].value for row in xlsx_rows(done.getvalue())]


def test_a_file_finished_after_a_change_is_not_kept(client, db, keep_all):
    ProjectFactory.create_batch(3)
    response = client.get(CSV)
    stream = iter(response.streaming_content)
    next(stream)
    ProjectFactory(name="途中发布")  # the content changes while the file is being sent
    list(stream)
    assert not any(keep_all.iterdir())
    assert "途中发布" in client.get(CSV).getvalue().decode("utf-8-sig")


def test_a_kept_file_is_sent_compressed_once_and_for_all(client, db, keep_all):
    ProjectFactory.create_batch(3)
    body = client.get(CSV).getvalue()
    compressed = client.get(CSV, headers={"accept-encoding": "gzip, br"})
    assert compressed["X-Download"] == "kept"
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in compressed["Vary"].lower()
    assert gzip.decompress(compressed.getvalue()) == body
    assert client.get(CSV).getvalue() == body  # without gzip: the plain file
