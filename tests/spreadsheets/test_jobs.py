"""Import jobs: the job page stays small while it is polled, the preview has its own page, the
worker's history entries are written a batch at a time."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from spreadsheets import jobs
from tests.projects.factories import ProjectFactory
from tests.spreadsheets.test_admin import HEADERS, confirm, job_of, preview_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, data_staff_user):
    client.force_login(data_staff_user)
    return client


def suspicious_upload(client, rows, prefix="W"):
    """An upload whose `rows` rows each change an amount 990-fold (a warning each)."""
    codes = [f"{prefix}{i}" for i in range(rows)]
    for code in codes:
        ProjectFactory(code=code, name=f"老项目{code}", total_investment=Decimal("0.1"))
    return upload(client, [HEADERS] + [[code, f"老项目{code}", "长春", "99", ""] for code in codes])


def job_page(client, job):
    return client.get(reverse("admin:projects_project_import_job", args=[job.pk]))


def selected_columns(queries):
    return " ".join(q["sql"].split(" FROM ")[0] for q in queries)


def test_the_job_page_stays_small_however_many_rows_the_preview_lists(staff_client):
    few = job_of(suspicious_upload(staff_client, 25))
    many = job_of(suspicious_upload(staff_client, 60, prefix="M"))
    assert few.summary["kinds"]["warned"] == 25 and many.summary["kinds"]["warned"] == 60
    small, large = job_page(staff_client, few), job_page(staff_client, many)
    assert "需要确认的修改（60 行）" in large.text
    assert "<del>" not in large.text  # the rows are on the preview page
    # Both list the first 20 warnings in the summary, and the counts.
    assert abs(len(large.content) - len(small.content)) < 200


def test_polling_never_loads_the_stored_preview(staff_client):
    job = job_of(suspicious_upload(staff_client, 3))
    progress = reverse("admin:projects_project_import_progress", args=[job.pk])
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(progress).status_code == 200
        assert job_page(staff_client, job).status_code == 200
    assert '"preview"' not in selected_columns(queries.captured_queries)


def test_the_preview_page_lists_old_and_new_warnings_and_values(staff_client):
    preview = suspicious_upload(staff_client, 2)
    listed = preview_of(staff_client, preview)
    assert listed.status_code == 200
    assert "需要确认的修改（2 行）" in listed.text
    assert listed.text.count("<del>1000万元</del> → <ins>99亿元</ins>") == 2
    assert listed.text.count("⚠ 「总投资（亿元）」金额变为原来的990倍") == 2
    unknown_kind = preview_of(staff_client, preview, kind="nonsense", page="x")
    assert unknown_kind.status_code == 200 and "<del>1000万元</del>" in unknown_kind.text


def test_confirming_from_the_preview_page_still_needs_the_tick(staff_client):
    preview = suspicious_upload(staff_client, 1)
    listed = preview_of(staff_client, preview).text
    job = job_of(preview)
    assert f'action="{reverse("admin:projects_project_import_job", args=[job.pk])}"' in listed
    assert "请逐条核对后勾选" in confirm(staff_client, preview).text
    assert Project.objects.get(code="W0").total_investment == Decimal("0.1")
    confirm(staff_client, preview, acknowledge="on")
    assert Project.objects.get(code="W0").total_investment == 99


def test_a_job_without_a_preview_has_an_empty_preview_page(staff_client):
    refused = upload(staff_client, [["项目", "地区"], ["甲", "长春"]])
    listed = preview_of(staff_client, refused)
    assert listed.status_code == 200
    assert "无法识别的表头" in listed.text and "确认导入" not in listed.text


def test_history_entries_are_written_a_batch_at_a_time(staff_client, monkeypatch):
    monkeypatch.setattr(jobs, "HISTORY_BATCH", 2)
    batches = []
    original = LogEntry.objects.bulk_create

    def spy(objects, *args, **kwargs):
        batches.append(len(objects))
        return original(objects, *args, **kwargs)

    monkeypatch.setattr(LogEntry.objects, "bulk_create", spy)
    rows = [HEADERS] + [[f"P{i}", f"项目{i}", "长春", "1", ""] for i in range(5)]
    confirm(staff_client, upload(staff_client, rows))
    assert Project.objects.count() == 5
    assert batches == [2, 2, 1]
    assert LogEntry.objects.count() == 5


def test_the_worker_hands_memory_back_after_each_job(staff_client, monkeypatch):
    released = []
    monkeypatch.setattr(jobs, "release_memory", lambda: released.append(True))
    preview = upload(staff_client, [HEADERS, ["P1", "甲", "长春", "1", ""]])
    assert len(released) == 1
    confirm(staff_client, preview)
    assert len(released) == 2 and Project.objects.filter(code="P1").exists()


def test_handing_memory_back_works_here():
    jobs.release_memory()  # glibc's malloc_trim here; a no-op where there is none
