"""How fast the public site answers at provincial scale, served as in production.

For each size (1,000 and 100,000 published projects by default; 100,000 signings at 100,000,
10,000 of them at one event; SIZE/20 articles; the demo's regions and industries) this builds a
PostgreSQL database (bench/web_dataset.py), serves it with gunicorn under jlsite.settings.prod
and gunicorn.conf.py (2 sync workers, Redis, WhiteNoise), and drives each page with wrk (installed
with apt-get when missing; a Python client otherwise) at 20 concurrent connections. Each page's
run follows a run on a static file served by the same stack, so the ratio between the two stays
meaningful on a shared machine, and a second of the same load on the page that is not counted
(steady state: each worker has served the page once). Queries per request are counted once per
page in-process.

Variants: "uncached" (PAGE_CACHE_SECONDS=0 for the server, so a page cache that honours it is
bypassed), "cached" (the same pages with the cache on; at the largest size), "stall" (six
clients downloading the full /projects/export.xlsx while the home page is measured; at the
largest size), and "redis-down" and "db-restart" (the site while Redis is unreachable and while
PostgreSQL goes away and comes back: bench/web_outages.py).

Databases jlsite_bench_web and jlsite_bench_web_template on BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres) and Redis database BENCH_REDIS_URL (default
redis://127.0.0.1:6379/14) are created, flushed and dropped here; the server runs on a free port.

    .venv/bin/python bench/web.py
    .venv/bin/python bench/web.py --sizes 1000 --pages home projects --variants uncached
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import production, web_stall
from bench.web_load import HEADERS, LoadGenerator
from bench.web_outages import database_restart, redis_down

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BENCH_DB = "jlsite_bench_web"
TEMPLATE_DB = "jlsite_bench_web_template"

PAGES = {
    "projects": ("项目库", "/projects/"),
    "projects-region-stage": ("项目库 地区+阶段", "/projects/?region=changchun&stage=signed"),
    "projects-industry-amount": (
        "项目库 产业+金额",
        "/projects/?industry={industry_slug}&investment_min=10&investment_max=5000",
    ),
    "projects-by-investment": ("项目库 按总投资", "/projects/?ordering=-investment"),
    "projects-by-signing": ("项目库 按签约日期", "/projects/?ordering=-signed"),
    "projects-year-name": ("项目库 年份+按名称", "/projects/?year=2022&ordering=name"),
    "projects-event": ("项目库 活动+按金额", "/projects/?event={event_slug}&ordering=investment"),
    # The deepest page offered (ProjectListPaginator.max_pages): page 500 at 100,000 projects,
    # page 50 at 1,000, where page 500 would only be a message.
    "projects-page-500": ("项目库 最深一页", "/projects/?page={deep_page}"),
    "projects-search": ("项目库 ?q=汽车", f"/projects/?q={quote('汽车')}"),
    "project": ("项目详情", "{project}"),
    "event": ("万条签约的活动", "{event}"),
    "region": ("地区 长春", "/regions/changchun/"),
    "industry": ("产业详情", "{industry}"),
    "home": ("首页", "/"),
    "articles": ("文章列表", "/articles/"),
    "feed": ("RSS", "/articles/feed/"),
    "sitemap": ("站点地图", "/sitemap.xml"),
    "sitemap-part": ("站点地图 项目分块", "/sitemap-projects.xml?p={sitemap_part}"),
    "export-csv": ("导出CSV 长春", "/projects/export.csv?region=changchun"),
}


# Databases and Redis


def postgres(*statements, database=None):
    import psycopg

    url = POSTGRES_URL if database is None else f"{POSTGRES_URL.rsplit('/', 1)[0]}/{database}"
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_url(name):
    return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"


def create_database(name, template="template0"):
    postgres(
        f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        f"CREATE DATABASE {name} TEMPLATE {template} ENCODING 'UTF8' "
        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    )


def drop_databases():
    postgres(
        f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)",
    )


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def environment(cached=False, **extra):
    env = production.environment(
        database_url(BENCH_DB),
        REDIS_URL,
        EXPORT_RATE_LIMIT="0",  # pages are measured from one address; the stall test limits
        **extra,
    )
    if not cached:
        env["PAGE_CACHE_SECONDS"] = "0"
    return env


def manage(*args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def dataset(*args, env):
    command = [sys.executable, "bench/web_dataset.py", *args]
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def build(size):
    """A fresh database of `size` projects; the paths of the pages that need a row."""
    start = time.perf_counter()
    create_database(BENCH_DB, TEMPLATE_DB)
    env = environment(DJANGO_SETTINGS_MODULE="jlsite.settings.dev", DEBUG="False")
    rows = dataset("build", str(size), env=env)
    print(f"  数据：{size:,} 个项目，用时 {time.perf_counter() - start:.0f} 秒", flush=True)
    return rows


def reuse(prefix, size):
    """A database of `size` projects built before (named PREFIX + size), left as it is: the
    server and the query counts use it from now on (environment() reads BENCH_DB)."""
    global BENCH_DB
    BENCH_DB = f"{prefix}{size}"
    rows = dataset("paths", env=environment(DJANGO_SETTINGS_MODULE="jlsite.settings.dev"))
    print(f"  数据：{size:,} 个项目，用已建的数据库 {BENCH_DB}", flush=True)
    return rows


# The server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


class Server:
    """gunicorn with gunicorn.conf.py, in its own process group, restarted when busy."""

    def __init__(self, folder, static_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.static_url = self.base + static_path
        self.process = None
        self.env = None

    def start(self, env):
        self.env = env
        server_env = {
            "EXPORT_CACHE_DIR": str(self.folder / "exports"),
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": str(self.folder / "access.log"),
        }
        self.log = (self.folder / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py",
             "jlsite.wsgi"],
            cwd=ROOT, env=server_env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn 未能启动，见 {self.folder / 'gunicorn.log'}")
            if self.answers(timeout=1):
                for _ in range(4):  # both workers load Django's URLs and middleware
                    get(self.base + "/robots.txt", timeout=30)
                return
            time.sleep(0.3)
        raise SystemExit("gunicorn 60 秒内没有应答。")

    def answers(self, timeout):
        try:
            get(self.static_url, timeout=timeout)
        except (OSError, urllib.error.URLError):
            return False
        return True

    def stop(self):
        if self.process is None:
            return
        pgid = self.process.pid  # the group start_new_session made for this server
        try:
            os.killpg(pgid, signal.SIGQUIT)  # quick shutdown: busy workers stop at once
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait()
        self.process = None
        self.log.close()

    def ensure_idle(self):
        """Restart when requests queued by the last run would still hold the workers."""
        if not self.answers(timeout=2):
            self.stop()
            self.start(self.env)


# Measuring


class Bench:
    def __init__(self, options, load, server):
        self.options = options
        self.load = load
        self.server = server
        self.rows = []

    def run(self, path, duration, connections=None, timeout=None):
        return self.load(
            self.server.base + path,
            connections or self.options.connections,
            duration,
            timeout or self.options.timeout,
        )

    def measure(self, size, variant, key, path, counted):
        self.server.ensure_idle()
        static = self.run(self.server.static_url.removeprefix(self.server.base), 2)
        one = counted.get("seconds", 0)
        if variant == "cached" or one < 1:
            # A second of the same load first, not counted: so that every worker has served
            # the page (a worker's first request of it compiles templates and fills the figures
            # it keeps) and the run measures the steady state. The requests it left queued are
            # served before the run starts: a request to the server waits behind them.
            self.run(path, 1)
            self.server.answers(timeout=self.options.timeout)
        duration = min(self.options.max_duration, max(self.options.duration, round(3 * one)))
        page = self.run(path, duration)
        row = {
            "size": size, "variant": variant, "key": key, "label": PAGES[key][0],
            "static_rps": static["rps"], **page, **counted,
        }  # fmt: skip
        self.rows.append(row)
        print(line(row), flush=True)

    def series(self, size, variant, paths, counts):
        print(f"\n== {size:,} 个项目，{VARIANTS[variant]}", flush=True)
        print(HEADER, flush=True)
        for key, path in paths.items():
            try:
                self.measure(size, variant, key, path, counts.get(path, {}))
            except (OSError, subprocess.CalledProcessError, urllib.error.URLError) as error:
                print(f"{PAGES[key][0]}：测量失败（{error}）", flush=True)

    def first_byte(self, path):
        """Seconds until the first byte of the body, or the error that came instead."""
        request = urllib.request.Request(self.server.base + path, headers=HEADERS)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=self.options.timeout) as response:
                response.read(1)
        except (OSError, urllib.error.URLError) as error:
            return f"失败（{error}）"
        return f"{time.perf_counter() - start:.2f} 秒"


VARIANTS = {"uncached": "不用页面缓存", "cached": "页面缓存"}
ALL_VARIANTS = ("uncached", "cached", "stall", "redis-down", "db-restart")
COLUMNS = [("页面", -20), ("请求/秒", 9), ("p50", 8), ("p99", 8), ("完成", 6), ("错误", 6),
           ("查询", 6), ("大小", 8), ("静态 请求/秒", 13), ("比值", 8)]  # fmt: skip


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(text, size):
    """`text` in `size` terminal columns (a Chinese character takes 2), left-aligned if < 0."""
    gap = " " * max(1, abs(size) - width(text))
    return text + gap if size < 0 else gap + text


def table_row(values, sizes):
    return "".join(cell(str(v), size) for v, size in zip(values, sizes, strict=True))


HEADER = table_row([name for name, _ in COLUMNS], [size for _, size in COLUMNS])


def ms(value):
    if value is None:
        return "—"
    return f"{value / 1000:.1f}s" if value >= 1000 else f"{value:.0f}ms"


def goal(value, limit):
    return value is not None and value <= limit


def ratio(page_rps, static_rps):
    if not page_rps or not static_rps:
        return "—"
    return f"1/{static_rps / page_rps:.0f}"


def line(r):
    size = f"{r['bytes'] / 1024:.0f}KB" if "bytes" in r else "—"
    status = "" if r.get("status", 200) == 200 else f"  状态 {r['status']}"
    values = [
        r["label"], f"{r['rps']:.1f}", ms(r["p50"]), ms(r["p99"]), r["completed"], r["errors"],
        r.get("queries", "—"), size, f"{r['static_rps']:.0f}", ratio(r["rps"], r["static_rps"]),
    ]  # fmt: skip
    return table_row(values, [size for _, size in COLUMNS]) + status


def comparison(rows, small, large):
    """Per page: req/s at each size and how many times slower the large size is."""
    by = {(r["size"], r["variant"], r["key"]): r for r in rows}
    sizes = [-20, 14, 14, 8, 10]
    lines = [
        f"\n== {small:,} 与 {large:,} 个项目相比（不用页面缓存；倍数 = 请求/秒之比，目标 ≤ 1.5×）",
        table_row(["页面", f"{small:,} 请求/秒", f"{large:,} 请求/秒", "倍数", ""], sizes),
    ]
    for key in PAGES:
        a, b = by.get((small, "uncached", key)), by.get((large, "uncached", key))
        if not a or not b:
            continue
        times = a["rps"] / b["rps"] if b["rps"] else None
        mark = "达标" if times is not None and times <= 1.5 else "未达标"
        shown = f"{times:.1f}×" if times is not None else "∞"
        values = [a["label"], f"{a['rps']:.1f}", f"{b['rps']:.1f}", shown, mark]
        lines.append(table_row(values, sizes))
    return "\n".join(lines)


def uncached_goal(r):
    return r["rps"] * 40 >= r["static_rps"] and goal(r["p99"], 300) and not r["errors"]


def cached_goal(r):
    return r["rps"] * 3 >= r["static_rps"] and not r["errors"]


# A full sitemap part (PART_SIZE addresses, at either size): a request of it alone must also
# answer within 200 ms.
PART_PAGES = ("sitemap-part",)
PART_SIZE = 500  # jlsite.sitemaps.PART_SIZE (this process does not load Django)

# Downloads, one at a time by design (EXPORT_SLOTS): the other connections of a run get 503.
# Their goals are the stall test's (first byte, the home page beside six downloads).
DOWNLOADS = ("export-csv",)


GOALS = {
    "uncached": ("不用页面缓存：≥ 静态的 1/40 且 p99 ≤ 300 ms", uncached_goal),
    "cached": ("页面缓存：≥ 静态的 1/3", cached_goal),
}


def verdicts(rows, large):
    """Per variant, how many pages meet the issue's goal at the largest size, and which do not."""
    found = []
    for variant, (text, met) in GOALS.items():
        measured = [r for r in rows if r["size"] == large and r["variant"] == variant]
        measured = [r for r in measured if r["key"] not in DOWNLOADS]
        if measured:
            missed = [r["label"] for r in measured if not met(r)]
            line = f"{text}，且无错误：{len(measured) - len(missed)}/{len(measured)} 页达标"
            found.append(line + (f"；未达标：{'、'.join(missed)}" if missed else ""))
    for r in rows:
        if r["size"] == large and r["variant"] == "uncached" and r["key"] in PART_PAGES:
            alone = r.get("seconds", 0) * 1000
            mark = "达标" if alone < 200 else "未达标"
            found.append(
                f"{r['label']}（{PART_SIZE:,} 个地址）单独请求一次：{alone:.0f} ms"
                f"（进程内，目标 < 200 ms）：{mark}"
            )
    labels = sorted({r["label"] for r in rows if r["key"] in DOWNLOADS})
    if labels:
        found.append(
            f"{'、'.join(labels)}：下载一次只发一个（EXPORT_SLOTS），同时的其余连接得到 503，"
            "不计入页面目标；导出的目标见卡顿测试（首字节、六个下载旁的首页）"
        )
    return found


# Main


def static_path():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def page_paths(keys, rows):
    return {key: PAGES[key][1].format(**rows) for key in keys}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    parser.add_argument(
        "--variants", nargs="+", choices=[*ALL_VARIANTS], default=[*ALL_VARIANTS],
    )  # fmt: skip
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page (at least)")
    parser.add_argument(
        "--max-duration", type=int, default=20, help="seconds for pages slower than 2 s alone"
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds before a request fails")
    parser.add_argument("--stall-seconds", type=int, default=15)
    parser.add_argument(
        "--stall-slots", type=int, nargs="+", default=[1],
        help="EXPORT_SLOTS for the stall test, one run each (0: downloads unbounded)",
    )  # fmt: skip
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument(
        "--reuse", metavar="PREFIX",
        help="serve databases PREFIX1000, PREFIX100000… built before (bench/web_dataset.py "
        "build SIZE, migrated and with the demo loaded) instead of building; kept afterwards",
    )  # fmt: skip
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    load = LoadGenerator(prefer_wrk=not options.python_client)
    folder = Path(tempfile.mkdtemp(prefix="jlsite-bench-web-"))
    had_static = (ROOT / "staticfiles").exists()
    server = None
    print(f"负载生成：{load.label}；每页 {options.connections} 个并发连接", flush=True)
    print(f"机器负载（1 分钟平均）：{os.getloadavg()[0]:.1f}，{os.cpu_count()} 核", flush=True)
    try:
        print("准备模板数据库（迁移、演示数据）与静态文件…", flush=True)
        template_env = environment(DATABASE_URL=database_url(TEMPLATE_DB))
        if not options.reuse:
            create_database(TEMPLATE_DB)
            manage("migrate", "--noinput", "-v", "0", env=template_env)
            manage("load_demo", env=template_env)
        manage("collectstatic", "--noinput", "-v", "0", env=template_env)
        server = Server(folder, static_path())
        bench = Bench(options, load, server)
        largest = max(options.sizes)
        for size in sorted(options.sizes):
            server.stop()
            rows = reuse(options.reuse, size) if options.reuse else build(size)
            paths = page_paths(options.pages, rows)
            # The build writes in bulk, which bumps no content version: without a flush the
            # count would read the figures (row counts, option lists) of the size before.
            flush_redis()
            counts = dataset("queries", *paths.values(), env=environment())
            flush_redis()
            server.start(environment())
            if "uncached" in options.variants:
                bench.series(size, "uncached", paths, counts)
            if size == largest and "cached" in options.variants:
                server.stop()
                flush_redis()
                server.start(environment(cached=True))
                bench.series(size, "cached", paths, counts)
            if size == largest and "stall" in options.variants:
                for slots in options.stall_slots:
                    web_stall.run(bench, size, options.stall_seconds, slots)
            if size == largest and "redis-down" in options.variants:
                outage_paths = {k: p for k, p in paths.items() if k in ("home", "projects")}
                redis_down(bench, environment, size, outage_paths)
            if size == largest and "db-restart" in options.variants:
                database_restart(bench, environment, postgres, BENCH_DB, size)
        if len(options.sizes) > 1:
            print(comparison(bench.rows, min(options.sizes), largest))
        print(f"\n机器负载（1 分钟平均）：{os.getloadavg()[0]:.1f}")
        print(f"\n== 目标（{largest:,} 个项目）")
        for verdict in verdicts(bench.rows, largest):
            print(verdict)
    finally:
        if server is not None:
            server.stop()
        if not options.reuse:
            drop_databases()
        flush_redis()
        shutil.rmtree(folder, ignore_errors=True)
        if not had_static:
            shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)


if __name__ == "__main__":
    main()
