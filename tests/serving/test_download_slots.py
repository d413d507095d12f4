"""A download never holds every app worker: kept files go out through nginx when it is
configured (X-Accel-Redirect, no body from the app), and the app itself sends at most
EXPORT_SLOTS downloads at a time, answering 503 at once beyond that."""

from types import SimpleNamespace

import pytest

from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CSV, XLSX = "/projects/export.csv", "/projects/export.xlsx"


@pytest.fixture
def one_slot(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = str(tmp_path / "exports")
    settings.EXPORT_KEEP_MIN_BYTES = 0
    settings.EXPORT_SLOTS = 1
    ProjectFactory.create_batch(3)
    return tmp_path / "exports"


def test_a_second_download_while_one_is_being_sent_is_told_to_retry(client, one_slot):
    sending = client.get(CSV)
    next(iter(sending.streaming_content))  # the first client is still reading
    busy = client.get(CSV, REMOTE_ADDR="10.0.0.2")
    assert busy.status_code == 503
    assert busy["Retry-After"] == "5"
    assert "下载繁忙" in busy.text and "秒后再试" in busy.text
    sending.close()  # sent (or the client went away): the slot is free
    assert client.get(CSV, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_kept_file_holds_the_slot_until_it_is_sent(client, one_slot):
    client.get(CSV).getvalue()
    kept = client.get(CSV)
    assert kept["X-Download"] == "kept"
    assert client.get(XLSX).status_code == 503
    kept.getvalue()  # read to the end; the test client closes the response
    assert client.get(XLSX).status_code == 200


def test_pages_about_a_download_hold_no_slot(client, one_slot, monkeypatch):
    monkeypatch.setattr("serving.downloads.build_xlsx", SimpleNamespace(enqueue=lambda *a: None))
    assert client.get(XLSX).status_code == 202  # the worker will write it
    assert client.get(CSV).status_code == 200


def test_with_nginx_kept_files_leave_without_a_body_or_a_slot(client, one_slot, settings):
    settings.EXPORT_ACCEL_REDIRECT = "/_exports/"
    first = client.get(CSV, {"region": "changchun"})
    assert "X-Accel-Redirect" not in first  # streamed by the app while the file is kept
    first.getvalue()
    name = next(p.name for p in one_slot.iterdir() if p.suffix == ".csv")
    holding = client.get(CSV)  # another download holds the only slot
    next(iter(holding.streaming_content))
    again = client.get(CSV, {"region": "changchun"}, headers={"accept-encoding": "gzip"})
    assert again.status_code == 200
    assert again["X-Accel-Redirect"] == f"/_exports/{name}"
    assert again.content == b""
    assert again["Content-Disposition"].startswith("attachment;")
    assert again["Content-Type"].startswith("text/csv")
    assert "Content-Encoding" not in again  # nginx's gzip_static picks the .gz copy
    holding.close()


def test_a_busy_answer_does_not_count_against_the_client(client, one_slot, settings):
    settings.EXPORT_RATE_LIMIT = 2
    sending = client.get(CSV)
    next(iter(sending.streaming_content))
    for _ in range(3):
        assert client.get(CSV, REMOTE_ADDR="10.0.0.2").status_code == 503
    sending.close()
    assert client.get(CSV, REMOTE_ADDR="10.0.0.2").status_code == 200


# Committed, as a server runs it: on PostgreSQL the export reads through a server-side cursor,
# and closing an answer before its first row inside the test's one transaction would mark that
# transaction failed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_request_or_a_client_gone_at_once_frees_the_slot(client, one_slot):
    head = client.head(CSV)
    assert head.status_code == 200
    head.close()  # as the WSGI server does once the (empty) answer is sent; not left to gc
    sent = client.get(XLSX)
    assert sent.status_code == 200
    sent.close()
    unread = client.get(CSV)
    assert unread.status_code == 200
    unread.close()  # the client went away before the first row
    assert client.get(XLSX).status_code == 200
