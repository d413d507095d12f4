"""Imports as background jobs: upload → preview (a dry run) → confirm → import.

Web requests only store the upload and enqueue work; the task worker (`manage.py db_worker`,
django-tasks-db) reads the file and runs the import, reporting progress through the cache so
that any app server can show it. A failed or killed import writes nothing: it runs in one
transaction.
"""

import contextlib
import ctypes
import gc
import logging
import time
from datetime import timedelta
from itertools import batched

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from import_export.results import RowResult
from import_export.signals import post_import

from . import registry
from .files import SpreadsheetError, file_kind, read_spreadsheet
from .models import ImportJob
from .reports import row_explanation, summary_lines, write_report

logger = logging.getLogger(__name__)
State = ImportJob.State

STALE_AFTER = 120  # seconds without news from a running job: its worker has stopped
FILE_LOST = "上传的文件已丢失：请重新上传。"
CRASHED = "处理时出错，没有写入任何数据：请稍后重试；再次出错请联系管理员。"
HAS_PROBLEMS = "有错误，没有写入任何数据：请按报告修改后重新上传。"
SHOWN_ROWS = {"invalid": 100, "warned": 200, "update": 100, "new": 100}
HISTORY_BATCH = 1000


def lifetime(name, default):
    return timedelta(seconds=getattr(settings, name, default))


# Starting and confirming (web requests)


def start(resource, upload, user, encoding=""):
    """Store the upload and queue its preview; returns the job."""
    discard_abandoned()
    job = ImportJob(
        resource=resource,
        filename=upload.name[:255],
        size=upload.size,
        encoding=encoding,
        created_by=user,
    )
    job.file.save(job.kind_of_file, upload, save=False)
    job.save()
    preview_import.enqueue(str(job.pk))
    return job


def confirm(job, user):
    """Queue the import of a previewed job; False when it was confirmed already."""
    if not job.move(State.IMPORT_QUEUED, expected=[State.PREVIEWED], confirmed_by=user):
        return False
    apply_import.enqueue(str(job.pk))
    return True


def cancel(job):
    if job.move(State.CANCELLED, expected=[State.PREVIEW_QUEUED, State.PREVIEWED],
                finished_at=timezone.now()):  # fmt: skip
        job.discard_upload()
        return True
    return False


def discard_abandoned(now=None):
    """Delete uploads nobody confirmed within IMPORT_UPLOAD_LIFETIME and reports older than
    IMPORT_REPORT_LIFETIME. Cheap enough to run at every upload; also `clean_imports`."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        state=State.PREVIEWED,
        created_at__lt=now - lifetime("IMPORT_UPLOAD_LIFETIME", 24 * 3600),
    )
    for job in stale:
        if job.move(State.CANCELLED, expected=[State.PREVIEWED], finished_at=now,
                    message="超过期限未确认，上传的文件已删除：如需导入请重新上传。"):  # fmt: skip
            job.discard_upload()
    old_reports = ImportJob.objects.exclude(report="").filter(
        created_at__lt=now - lifetime("IMPORT_REPORT_LIFETIME", 7 * 24 * 3600)
    )
    for job in old_reports:
        job.report.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(report="")


# Progress


def progress_key(job):
    return f"spreadsheets:import-job:{job.pk}"


def heartbeat(job, done, total):
    try:
        cache.set(progress_key(job), {"done": done, "total": total, "at": time.time()}, 24 * 3600)
    except Exception:  # the cache (Redis) is down: the import goes on without a progress bar
        logger.warning("Could not record the progress of import job %s", job.pk, exc_info=True)


def latest_news(job):
    try:
        return cache.get(progress_key(job)) or {}
    except Exception:
        logger.warning("Could not read the progress of import job %s", job.pk, exc_info=True)
        return None


def progress(job):
    """What the progress bar shows: rows done of all, elapsed and estimated seconds."""
    news = latest_news(job)
    known = news is not None  # without the cache, a running job cannot be told to be stuck
    news = news or {}
    done, total = news.get("done", 0), news.get("total") or job.rows_total
    started = job.started_at
    elapsed = (timezone.now() - started).total_seconds() if started else 0
    if job.state in ImportJob.ENDED or job.state == State.PREVIEWED:
        elapsed = (job.finished_at - started).total_seconds() if started and job.finished_at else 0
    last_news = news.get("at") or (started.timestamp() if started else None)
    running = job.state in (State.PREVIEWING, State.IMPORTING)
    stale = known and running and last_news is not None and time.time() - last_news > STALE_AFTER
    eta = None
    if running and done and total and not stale:
        eta = round(elapsed / done * (total - done))
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "running": job.running,
        "stale": stale,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "elapsed": round(elapsed),
        "eta": eta,
    }


# Running (the worker)


@task()
def preview_import(job_id):
    try:
        run(job_id, dry_run=True)
    finally:
        release_memory()


@task()
def apply_import(job_id):
    try:
        run(job_id, dry_run=False)
    finally:
        release_memory()


def release_memory():
    """Hand the memory of a finished job back to the system: the worker stays up between
    jobs, and what the C allocator keeps of one 100,000-row file would add to the next."""
    gc.collect()
    with contextlib.suppress(AttributeError, OSError):  # glibc only
        ctypes.CDLL(None).malloc_trim(0)


def run(job_id, dry_run):
    job = ImportJob.objects.filter(pk=job_id).first()
    queued, running = (
        (State.PREVIEW_QUEUED, State.PREVIEWING)
        if dry_run
        else (State.IMPORT_QUEUED, State.IMPORTING)
    )
    if job is None or not job.move(running, expected=[queued], started_at=timezone.now()):
        return  # cancelled, or run already
    heartbeat(job, 0, 0)
    failed = State.REFUSED if dry_run else State.FAILED
    try:
        dataset = read_spreadsheet(job.file.read(), file_kind(job.filename), job.encoding or None)
        job.file.close()
    except (SpreadsheetError, OSError) as error:
        message = (
            str(error) if isinstance(error, SpreadsheetError) else "上传的文件已丢失：请重新上传。"
        )
        finish(job, failed, message=message, discard=True)
        return
    try:
        resource = registry.resource_class(job.resource)()
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(dataset))
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            progress=lambda done, total: heartbeat(job, done, total),
            user=job.confirmed_by if not dry_run and job.confirmed_by_id else job.created_by,
            source=f"表格导入 {job.filename}",
        )
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        finish(job, failed, message=CRASHED, discard=True)
        return
    job.preview = preview_of(result)
    job.summary = summary_of(resource, result, job.preview["counts"])
    if result.problems or result.warnings or result.notes:
        name = f"{job.filename.rsplit('.', 1)[0]}-导入报告.xlsx"
        job.report.save(name, ContentFile(write_report(dataset, result)), save=False)
    del dataset  # the uploaded rows: free them before the history entries are made
    if not result.ok:
        finish(
            job, failed, discard=True, message="有错误，没有写入任何数据：请按报告修改后重新上传。"
        )
    elif dry_run:
        finish(job, State.PREVIEWED)
    else:
        log_changes(job, resource, result)
        post_import.send(sender=None, model=resource._meta.model)
        finish(job, State.DONE, discard=True)


def finish(job, state, message="", discard=False):
    job.state, job.message, job.finished_at = state, message, timezone.now()
    job.save(update_fields=["state", "message", "finished_at", "summary", "preview", "report"])
    if discard:
        job.discard_upload()


def summary_of(resource, result, kinds):
    return {
        "counts": result.counts,
        "kinds": kinds,  # rows of each kind the preview lists (errors, warnings, …)
        "text": result.summary,
        "lines": summary_lines(resource, result, "下载的导入报告"),
        "warning_count": len(result.warnings),
        "problem_count": len(result.problems),
    }


def preview_of(result):
    """The rows the preview page lists, a bounded number of each kind, and how many of each;
    each row holds only what its kind shows."""
    shown = {kind: [] for kind in SHOWN_ROWS}
    counts = dict.fromkeys(SHOWN_ROWS, 0)
    for row in result.rows:
        if row.is_invalid():
            kind = "invalid"
        elif row.warnings:
            kind = "warned"
        elif row.is_update():
            kind = "update"
        elif row.is_new():
            kind = "new"
        else:
            continue
        counts[kind] += 1
        if len(shown[kind]) < SHOWN_ROWS[kind]:
            shown[kind].append({"number": row.number, "record": row.object_repr, **shown_of(row)})
    file_problems = [str(p) for p in result.problems if p.row is None]
    return {"rows": shown, "counts": counts, "file_problems": file_problems[:20]}


def shown_of(row):
    if row.is_invalid():
        return {"explanation": row_explanation(row)}
    if row.is_new():
        return {"values": [list(pair) for pair in row.values]}
    return {"changes": [list(change) for change in row.changes], "warnings": list(row.warnings)}


def log_changes(job, resource, result):
    """One admin history entry per record the import created or changed, written a thousand
    at a time: a LogEntry costs about a kilobyte, so a 100,000-row file's would take 100 MB."""
    user = job.confirmed_by_id or job.created_by_id
    if user is None:
        return
    content_type = ContentType.objects.get_for_model(resource._meta.model)
    entries = history_entries(job, result, user, content_type.pk)
    for batch in batched(entries, HISTORY_BATCH):
        LogEntry.objects.bulk_create(batch)


def history_entries(job, result, user, content_type):
    actions = {
        RowResult.IMPORT_TYPE_NEW: (ADDITION, f"通过表格导入新增（{job.filename}）"),
        RowResult.IMPORT_TYPE_UPDATE: (CHANGE, f"通过表格导入修改（{job.filename}）"),
    }
    for row in result.rows:
        if row.import_type not in actions or row.object_id is None:
            continue
        flag, message = actions[row.import_type]
        if row.changes:
            message += "：" + "、".join(change.header for change in row.changes)
        yield LogEntry(
            user_id=user,
            content_type_id=content_type,
            object_id=str(row.object_id),
            object_repr=(row.object_repr or str(row.object_id))[:200],
            action_flag=flag,
            change_message=message[:2000],
        )
