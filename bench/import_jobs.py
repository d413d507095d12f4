"""Imports the way staff meet them: a 100,000-row file through the admin's background job.

On PostgreSQL (a database created and dropped here) with Redis as the cache, as in production:
uploads a generated project list (GBK CSV and XLSX, the rows of bench/import_speed.py) through
the admin's upload form as a 数据专员, lets the task worker (`manage.py db_worker`, a
subprocess) preview it, confirms it, and waits for the import. Throughout, it polls the job's
progress JSON and the job page the way the admin's progress bar does, timing every answer.

Prints per file: rows/s of the preview and of the import, the worker's peak memory (VmHWM, the
process's high-water mark of resident memory), and p50/p95/max answer times of the progress
JSON and of the job page (polled), and of the preview page (opened once, as staff do).

Then the hostile files, each through `manage.py import_data projects <file>`: an XLSX zip bomb
(~2 MB expanding to over 1 GB), a sheet of two million empty rows, a 14 MB one-line CSV
(a million headers) and a 50 MB single-line CSV (one field): seconds until refusal, peak memory,
and the first line of the message staff read.

    .venv/bin/python bench/import_jobs.py                 # make bench-import runs it too
    .venv/bin/python bench/import_jobs.py --size 20000 --skip-hostile
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_speed import POSTGRES_URL, PostgreSQL, write_csv, write_xlsx  # noqa: E402

REDIS_URL = os.environ.get("BENCH_JOBS_REDIS_URL", "redis://127.0.0.1:6379/13")
WORKER_LIMIT_MB = 400
PAGE_LIMIT_MS = 200
ENDED = {"done", "failed", "cancelled", "refused", "previewed"}


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jlsite.settings.dev",
        "DEBUG": "False",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
    }


def peak_mb(pid):
    """The process's resident-memory high-water mark so far, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# The background job, driven through the admin


class Admin:
    """The admin as a 数据专员's browser sees it, in this process (Django test client)."""

    def __init__(self):
        import django

        django.setup()
        from django.urls import reverse

        self.upload_url = reverse("admin:projects_project_import")
        self.timings = []

    def sign_in(self):
        from django.contrib.auth.models import Group, User
        from django.test import Client

        user, _ = User.objects.get_or_create(username="bench-data-staff", is_staff=True)
        user.groups.add(Group.objects.get(name="数据专员"))
        self.client = Client()
        self.client.force_login(user)

    def timed_get(self, url):
        start = time.perf_counter()
        response = self.client.get(url)
        kind = "progress" if url.endswith("/progress/") else "page"
        self.timings.append((kind, (time.perf_counter() - start) * 1000))
        if response.status_code != 200:
            raise SystemExit(f"{url} 返回 {response.status_code}")
        return response

    def upload(self, path):
        with path.open("rb") as handle:
            response = self.client.post(self.upload_url, {"import_file": handle, "encoding": ""})
        if response.status_code != 302:
            raise SystemExit(f"上传被拒绝（{response.status_code}）：{path.name}")
        self.job_url = response["Location"]
        self.progress_url = self.job_url.rstrip("/") + "/progress/"

    def wait(self, until, timeout=1800):
        """Poll progress (and the job page every fifth time) until the state is in `until`."""
        started, polls = time.monotonic(), 0
        while time.monotonic() - started < timeout:
            state = self.timed_get(self.progress_url).json()["state"]
            polls += 1
            if polls % 5 == 0:
                self.timed_get(self.job_url)
            if state in until:
                return state
            time.sleep(0.25)
        raise SystemExit(f"等待超时：{self.job_url}")

    def confirm(self):
        from spreadsheets.models import ImportJob

        job = ImportJob.objects.get(pk=self.job_url.rstrip("/").rsplit("/", 1)[1])
        data = {"action": "confirm", "acknowledge": "on"}
        response = self.client.post(self.job_url, data)
        if response.status_code != 302:
            raise SystemExit(f"确认导入失败（{response.status_code}）：{job.message}")
        return job

    def open_preview(self):
        """Each tab of the preview page, as staff open it once: the slowest answer in ms."""
        slowest = 0.0
        for kind in ("invalid", "warned", "update", "new"):
            start = time.perf_counter()
            response = self.client.get(self.job_url.rstrip("/") + "/preview/", {"kind": kind})
            slowest = max(slowest, (time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"预览页返回 {response.status_code}")
        return slowest

    def job(self):
        from spreadsheets.models import ImportJob

        return ImportJob.objects.get(pk=self.job_url.rstrip("/").rsplit("/", 1)[1])


FIGURES = {"p50": statistics.median, "p95": lambda times: quantile(times, 0.95), "max": max}


def seconds_of(job):
    return (job.finished_at - job.started_at).total_seconds()


def run_job(admin, path, rows, url):
    """Upload → preview → confirm → import with a fresh worker; the figures of one file."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=environment(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    admin.timings = []
    worker_peak = 0.0
    try:
        admin.upload(path)
        state = admin.wait(ENDED)
        if state != "previewed":
            raise SystemExit(f"预览没有完成（{state}）：{admin.job().message}")
        preview = admin.job()
        preview_seconds = seconds_of(preview)
        admin.timed_get(admin.job_url)  # the page the progress bar reloads when the preview is in
        preview_page_ms = admin.open_preview()
        admin.confirm()
        state = admin.wait(ENDED - {"previewed"})
        job = admin.job()
        if state != "done":
            raise SystemExit(f"导入没有完成（{state}）：{job.message}")
        worker_peak = peak_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    pages = [ms for _, ms in admin.timings]
    by_kind = {
        kind: [ms for each, ms in admin.timings if each == kind] for kind in ("progress", "page")
    }
    figures = {
        f"{kind}_{name}": figure(times)
        for kind, times in by_kind.items()
        for name, figure in FIGURES.items()
    }
    return {
        **figures,
        "preview_page": preview_page_ms,
        "file": path.name,
        "mb": path.stat().st_size / 1024 / 1024,
        "preview_rate": rows / preview_seconds,
        "import_rate": rows / seconds_of(job),
        "worker_mb": worker_peak,
        "p50": statistics.median(pages),
        "p95": quantile(pages, 0.95),
        "max": max(pages),
        "polls": len(pages),
    }


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def bench_jobs(size, folder):
    database = PostgreSQL(POSTGRES_URL)
    if not database.available():
        return []
    results = []
    files = []
    for kind, writer in (("csv", write_csv), ("xlsx", write_xlsx)):
        path = folder / f"项目-{size}.{kind}"
        writer(path, size)
        files.append(path)
    print("准备 PostgreSQL 数据库（迁移、演示数据）…", flush=True)
    database.prepare()
    try:
        admin = None
        for path in files:
            if admin:
                from django.db import connections

                connections.close_all()  # the next file goes into a fresh database
            url = database.fresh()
            os.environ.update(environment(url))
            admin = admin or Admin()
            admin.sign_in()
            flush_redis()
            print(f"后台导入 {path.name}…", flush=True)
            result = run_job(admin, path, size, url)
            results.append(result)
            print(job_line(result), flush=True)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        database.drop()
        flush_redis()
    return results


def job_line(r):
    return (
        f"{r['file']:<18} {r['mb']:>5.1f} MB  预览 {r['preview_rate']:>6,.0f} 行/秒"
        f"  导入 {r['import_rate']:>6,.0f} 行/秒  工作进程峰值 {r['worker_mb']:>4.0f} MB"
        f"  进度页 p50 {r['p50']:>4.0f} ms p95 {r['p95']:>4.0f} ms 最长 {r['max']:>4.0f} ms"
        f"（{r['polls']} 次）\n{'':<18}   进度数据 p50/p95/最长 {r['progress_p50']:.0f}/"
        f"{r['progress_p95']:.0f}/{r['progress_max']:.0f} ms，导入页 {r['page_p50']:.0f}/"
        f"{r['page_p95']:.0f}/{r['page_max']:.0f} ms，预览明细页（打开一次）最长 "
        f"{r['preview_page']:.0f} ms"
    )


# Hostile files


def write_zip_bomb(path, expanded_mb=1100):
    """An .xlsx whose shared strings expand to `expanded_mb` (the sheet itself is tiny)."""
    from bench.import_speed import write_xlsx as real_xlsx

    real = path.with_suffix(".real.xlsx")
    real_xlsx(real, 3)
    chunk = b"<si><t>A</t></si>" * 65536
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info.filename, source.read(info))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b"<sst>")
            for _ in range(expanded_mb * 1024 * 1024 // len(chunk)):
                strings.write(chunk)
            strings.write(b"</sst>")
    real.unlink()


def write_empty_rows(path, rows=2_000_000):
    """An .xlsx whose only sheet holds millions of rows of one small cell each."""
    from bench.import_speed import HEADERS

    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", CONTENT_TYPES)
        out.writestr("_rels/.rels", ROOT_RELS)
        out.writestr("xl/workbook.xml", WORKBOOK)
        out.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                        b'main"><sheetData>')  # fmt: skip
            sheet.write(f'<row r="1">{header}</row>'.encode())
            for number in range(2, rows + 2):
                sheet.write(b'<row r="%d"><c t="inlineStr"><is><t>x</t></is></c></row>' % number)
            sheet.write(b"</sheetData></worksheet>")


MAIN = "http://schemas.openxmlformats.org"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{MAIN}/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{MAIN}/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}/spreadsheetml/2006/main" '
    f'xmlns:r="{MAIN}/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{MAIN}/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{MAIN}/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def write_one_line_headers(path, megabytes=14):
    """One CSV line of a million made-up headers, as a broken export once produced."""
    with path.open("wb") as out:
        number = 0
        while out.tell() < megabytes * 1024 * 1024:
            out.write(",".join(f"未知列{number + i}" for i in range(1000)).encode("gbk") + b",")
            number += 1000
        out.write("项目名称\r\n".encode("gbk"))


def write_one_field(path, megabytes=50):
    """A single line with a single 50 MB field and no line end."""
    with path.open("wb") as out:
        block = ("项目名称" * 16384).encode("gbk")
        for _ in range(megabytes * 1024 * 1024 // len(block)):
            out.write(block)


HOSTILE = [
    ("XLSX 解压炸弹（解压后 > 1 GB）", "bomb.xlsx", write_zip_bomb),
    ("XLSX 两百万空行", "rows.xlsx", write_empty_rows),
    ("14 MB 一行 CSV（一百万个列名）", "headers.csv", write_one_line_headers),
    ("50 MB 单行 CSV（一个字段）", "field.csv", write_one_field),
]


def bench_hostile(folder):
    url = f"sqlite:///{folder / 'hostile.sqlite3'}"
    env = {**environment(url), "REDIS_URL": ""}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    results = []
    for label, name, writer in HOSTILE:
        path = folder / name
        writer(path)
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_data", "projects", str(path)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        message = output.decode("utf-8", "replace").strip().splitlines() or [""]
        results.append({
            "label": label, "mb": path.stat().st_size / 1024 / 1024, "seconds": seconds,
            "peak": usage.ru_maxrss / 1024, "status": os.waitstatus_to_exitcode(status),
            "message": message[0][:100], "output": len(output),
        })  # fmt: skip
        print(hostile_line(results[-1]), flush=True)
        path.unlink()
    return results


def hostile_line(r):
    refused = "拒绝" if r["status"] != 0 else "竟然成功"
    return (
        f"{r['label']:<24} {r['mb']:>5.1f} MB  {r['seconds']:>5.1f} 秒  峰值 {r['peak']:>4.0f} MB"
        f"  {refused}（退出码 {r['status']}，输出 {r['output']:,} 字节）：{r['message']}"
    )


def verdicts(jobs, hostile):
    lines = []
    for r in jobs:
        mark = "达标" if r["worker_mb"] <= WORKER_LIMIT_MB else "未达标"
        lines.append(f"{r['file']} 工作进程峰值 {r['worker_mb']:.0f} MB，目标 ≤ 400 MB：{mark}")
        mark = "达标" if r["max"] < PAGE_LIMIT_MS else "未达标"
        lines.append(f"{r['file']} 进度页最长 {r['max']:.0f} ms，目标 < 200 ms：{mark}")
    for r in hostile:
        good = r["status"] != 0 and r["peak"] < 300 and r["seconds"] < 30
        lines.append(
            f"{r['label']}：{r['seconds']:.1f} 秒内拒绝，峰值 {r['peak']:.0f} MB，"
            f"目标 数秒内拒绝且 < 300 MB：{'达标' if good else '未达标'}"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-jobs", action="store_true")
    parser.add_argument("--skip-hostile", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jlsite-bench-jobs-") as folder:
        folder = Path(folder)
        jobs = [] if options.skip_jobs else bench_jobs(options.size, folder)
        hostile = [] if options.skip_hostile else bench_hostile(folder)
    print()
    for line in verdicts(jobs, hostile):
        print(line)


if __name__ == "__main__":
    main()
