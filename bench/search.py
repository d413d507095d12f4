"""How fast the site search answers and what its index costs (make bench-search).

PostgreSQL with 200,000 documents (projects, articles and policy measures generated from the
source article's sentences and the province's place and industry names) and SQLite with
20,000: the time to index them all (rebuild_search_index), p50/p95 of the whole /search/ page
for 1-character (no word: a substring of the newest documents), 2-, 4- and 8-character
queries and a query filtered by type, region and year, as the first search after a content
change (cold: a new content version, as a save or an import makes, so every remembered figure
is computed again), as a new query on a site otherwise warm (its own
results not remembered yet), and again (warm: results remembered until the content changes),
each group beside a reference timed between its searches (the search page without a query: the
same stack, header and template) and as a ratio to it, since absolute times drift with this
shared machine; what a process pays once after a change of the names the segmenter knows (its
vocabulary reloaded); the index's size; a 100,000-row project import (the bulk
path, CSV) with and without the index following it. Each engine runs in a child process on a
database of its own (PostgreSQL `jlsite_bench_search`, SQLite in a temporary folder), dropped
at the end: PostgreSQL under the production settings (Redis database
`BENCH_SEARCH_REDIS_URL`, default redis://127.0.0.1:6379/12, flushed before the timings; WhiteNoise
after collectstatic; what the app loads frozen for the garbage collector, as gunicorn.conf.py
does to each worker), SQLite as `make run` serves it (development settings, a file cache).

    .venv/bin/python bench/search.py [--engines postgresql sqlite] [--documents 200000]

`BENCH_SEARCH_DB` names the PostgreSQL database (default `jlsite_bench_search`).
`--keep` leaves the PostgreSQL database in place (to study plans with EXPLAIN), `--reuse`
measures on a kept one again (migrated, not regenerated), `--no-import` skips the import,
`--no-queries` the page timings.
"""

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import production

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = os.environ.get("BENCH_SEARCH_DB", "jlsite_bench_search")
REDIS_URL = os.environ.get("BENCH_SEARCH_REDIS_URL", "redis://127.0.0.1:6379/12")
QUERIES = {
    "1字": ["车", "港", "霜", "鑫"],  # no word: a substring of the newest documents' text
    "2字": ["汽车", "长春", "医药", "物流", "旅游", "能源", "延边", "人参", "储能", "招商"],
    "4字": ["生物医药", "冰雪旅游", "智能装备", "现代物流", "数字经济", "玉米加工", "光电信息",
            "风电项目", "氢能装备", "康养小镇"],
    "8字": ["新能源汽车零部件", "冰雪旅游度假项目", "长春生物医药产业", "吉林现代物流园区",
            "数字经济产业园区", "珲春冷链物流中心", "人参精深加工项目", "白山康养小镇工程"],
}  # fmt: skip
FACETED = [("汽车", "project", "changchun", "2023"), ("医药", "project", "jilin", "2022"),
           ("旅游", "article", "", "2024"), ("物流", "measure", "", ""),
           ("能源", "project", "yanbian", "2021")]  # fmt: skip
REPEAT = 3


# The parent: databases and child processes


def admin_sql(*statements):
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def child(engine, documents, import_rows, folder, keep=False, reuse=False, queries=True):
    if engine == "postgresql":
        if not reuse:
            admin_sql(
                f"DROP DATABASE IF EXISTS {BENCH_DB}",
                f"CREATE DATABASE {BENCH_DB} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'",
            )
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    else:
        url = f"sqlite:///{folder}/bench.sqlite3"
    if engine == "postgresql":  # as production serves it: its settings, Redis, WhiteNoise
        env = production.environment(url, REDIS_URL)  # (Redis: its own, flushed before the timings)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    else:  # the embedded default, as `make run` serves it (a file cache)
        env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
        env.update(
            DJANGO_SETTINGS_MODULE="jlsite.settings.dev",
            DEBUG="False",
            SECRET_KEY="bench-only-not-a-secret",
            REDIS_URL="",
            CACHE_DIR=str(Path(folder) / f"cache-{engine}"),
        )
    try:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--documents",
                str(documents),
                "--import-rows",
                str(import_rows),
                *(["--reuse"] if reuse and engine == "postgresql" else []),
                *([] if queries else ["--no-queries"]),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        if engine == "postgresql" and not keep:
            admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="measure on a kept database")
    parser.add_argument("--no-import", action="store_true", help="skip the import")
    parser.add_argument("--no-queries", action="store_true", help="skip the page timings")
    parser.add_argument(
        "--index-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="background workers (db_worker) that index an import, as production runs them",
    )
    parser.add_argument("--child")
    args = parser.parse_args()
    rows = 0 if args.no_import else args.import_rows
    if args.child:
        return run_child(args.child, args.documents, rows, args.reuse, not args.no_queries)
    os.environ["BENCH_INDEX_WORKERS"] = str(max(1, args.index_workers))  # read by the child
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        for engine in args.engines:
            size = args.documents if engine == "postgresql" else args.documents // 10
            keep = args.keep or args.reuse
            child(engine, size, rows, folder, keep, args.reuse, not args.no_queries)
    return 0


# The child: everything inside Django, on its own database


def setup_django():
    sys.path.insert(0, str(ROOT))
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's host and the rendered page's context


def as_a_worker():
    """What gunicorn.conf.py does to each worker once the app is loaded (the garbage
    collector's full collections stop walking its objects): without it, one page in a few
    hundred waited some 200 ms for a collection that production's workers do not make."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.post_worker_init(worker=None)


def run_child(engine, documents, import_rows, reuse=False, queries=True):
    setup_django()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    if engine == "postgresql":  # served by gunicorn in production (`make run`: runserver)
        as_a_worker()
    if reuse:
        from search.models import Document

        print(f"\n== {engine}: 沿用已有数据库，{Document.objects.count():,} 篇文档 ==", flush=True)
    else:
        call_command("load_demo", verbosity=0)
        print(f"\n== {engine}: {documents:,} 篇文档 ==", flush=True)
        started = time.perf_counter()
        generate(documents)
        print(f"生成数据（不含索引）：{time.perf_counter() - started:.1f} s", flush=True)
        measure_rebuild()
        if engine == "postgresql":
            vacuum_analyze()
    print(f"索引大小：{index_size(engine)}", flush=True)
    if queries:
        measure_queries()
    if import_rows:
        measure_import(import_rows)
    return 0


SENTENCES = None


def sentences():
    global SENTENCES
    if SENTENCES is None:
        text = (ROOT / "demo" / "jilin-daily-2022-09-11-investment.txt").read_text(encoding="utf-8")
        parts = [s.strip() for s in text.replace("\n", "。").split("。")]
        SENTENCES = [s + "。" for s in parts if len(s) >= 8]
    return SENTENCES


def generate(total):
    """Published projects (60 %), articles (25 %) and measures (15 %), bulk-written without
    the index, which the timed rebuild then builds."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Channel, Policy, PolicyMeasure
    from bench.import_speed import KINDS, PLACES, THINGS
    from projects.models import Project, Region

    rnd = random.Random(20220911)
    regions = list(Region.objects.all())
    now = timezone.now()
    channel = Channel.objects.first()

    def moment():
        return now - timedelta(seconds=rnd.randrange(5 * 365 * 86400))

    def prose(count):
        return "".join(rnd.choice(sentences()) for _ in range(count))

    projects = int(total * 0.6)
    articles = int(total * 0.25)
    measures = total - projects - articles
    batch = []
    for n in range(projects):
        name = f"{rnd.choice(PLACES)}{rnd.choice(THINGS)}{rnd.choice(KINDS)}"
        batch.append(
            Project(
                name=f"{name}（基准{n}）",
                slug=f"bench-{n}",
                region=rnd.choice(regions),
                summary=f"{name}，" + prose(1),
                status="published",
                published_at=moment(),
            )
        )
        if len(batch) == 5000:
            Project.objects.bulk_create(batch)
            batch = []
    Project.objects.bulk_create(batch)
    batch = []
    for n in range(articles):
        batch.append(
            Article(
                title=f"{rnd.choice(PLACES)}{rnd.choice(THINGS)}{prose(1)[:20]}（基准{n}）",
                channel=channel,
                summary=prose(1),
                body="<p>" + prose(6) + "</p>",
                status="published",
                published_at=moment(),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    policies = Policy.objects.bulk_create(
        Policy(title=f"基准政策{n}", short_title=f"基准政策{n}", slug=f"bench-policy-{n}",
               status="published", published_at=moment(), declared_measure_count=100)
        for n in range(measures // 100 + 1)
    )  # fmt: skip
    PolicyMeasure.objects.bulk_create(
        (
            PolicyMeasure(
                policy=policies[n // 100],
                number=n % 100 + 1,
                title=f"支持{rnd.choice(THINGS)}",
                text=f"支持{rnd.choice(PLACES)}{rnd.choice(THINGS)}发展，" + prose(1),
            )
            for n in range(measures)
        ),
        batch_size=5000,
    )


def measure_rebuild():
    from search import indexing
    from search.models import Document

    started = time.perf_counter()
    indexing.rebuild()
    seconds = time.perf_counter() - started
    count = Document.objects.count()
    print(f"重建索引：{count:,} 篇，{seconds:.1f} s，{count / seconds:,.0f} 篇/s", flush=True)


def vacuum_analyze():
    """What autovacuum does on a live site a minute after a bulk write (statistics for the
    planner, the visibility map); this machine's PostgreSQL runs with autovacuum off, and
    plans on a freshly written database without statistics are not what a site gets."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        (autovacuum,) = cursor.fetchone()
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
    print(
        f"VACUUM ANALYZE（autovacuum = {autovacuum}）：{time.perf_counter() - started:.1f} s",
        flush=True,
    )


def index_size(engine):
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "postgresql":
            cursor.execute("SELECT to_regclass('search_card') IS NOT NULL")
            if not cursor.fetchone()[0]:  # before the cards (to measure main's code)
                cursor.execute(
                    "SELECT pg_size_pretty(pg_total_relation_size('search_document')),"
                    " pg_size_pretty(pg_relation_size('search_document_vector_idx'))"
                )
                table, gin = cursor.fetchone()
                return f"search_document 共 {table}（含 GIN 索引 {gin}）"
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('search_document')),"
                " pg_size_pretty(pg_total_relation_size('search_card')),"
                " pg_size_pretty(pg_relation_size('search_card')),"
                " pg_size_pretty(pg_relation_size('search_card_vector_idx')),"
                " pg_size_pretty(pg_total_relation_size('search_titlecard')),"
                " pg_size_pretty(pg_relation_size('search_titlecard')),"
                " pg_size_pretty(pg_relation_size('search_titlecard_vector_idx'))"
            )
            documents, cards, heap, gin, titles, title_heap, title_gin = cursor.fetchone()
            found = (
                f"search_document 共 {documents}；search_card 共 {cards}"
                f"（卡片行 {heap}，GIN 索引 {gin}，其余为移出行外的向量）；"
                f"search_titlecard 共 {titles}（行 {title_heap}，GIN 索引 {title_gin}）"
            )
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size(to_regclass('search_termcount'))),"
                " pg_size_pretty(pg_relation_size(to_regclass('search_document_phrase_idx')))"
            )
            counts, phrase = cursor.fetchone()
            if counts:  # (not on main before the term counts)
                found += f"；search_termcount 共 {counts}"
            if phrase:
                found += f"；search_document 中短语三元组索引 {phrase}"
            cursor.execute(
                "SELECT pg_size_pretty(pg_relation_size(to_regclass(name))) FROM unnest("
                "ARRAY['search_titlecard_pairs_idx', 'search_titlecard_title_idx']) name"
            )
            (pairs,), (title_trigrams,) = cursor.fetchall()
            if pairs:  # (migration 0013)
                found += f"；标题近邻词对索引 {pairs}，标题三元组索引 {title_trigrams}"
            return found
        try:  # dbstat needs SQLITE_ENABLE_DBSTAT_VTAB
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_document%'")
            (size,) = cursor.fetchone()
        except Exception:
            return "（此 SQLite 不支持 dbstat，无法单独计量）"
        return f"search_document 与 FTS5 表共 {size / 1024 / 1024:.1f} MB"


def timed_page(client, params):
    started = time.perf_counter()
    response = client.get("/search/", params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, response.context["total"] if response.context else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label, values, totals=None, reference=None):
    found = f"，结果数 {min(totals):,}–{max(totals):,}" if totals else ""
    ratio = f"，参照页的 {percentile(values, 95) / reference:.1f} 倍" if reference else ""
    print(
        f"  {label:<14} p50 {statistics.median(values):7.1f} ms"
        f"   p95 {percentile(values, 95):7.1f} ms   （{len(values)} 次{found}{ratio}）",
        flush=True,
    )


def timed_reference(client):
    """The search page without a query: the same stack, header and template, no search."""
    started = time.perf_counter()
    response = client.get("/search/")
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) * 1000


def measure_queries():
    from django.core.cache import cache
    from django.test import Client

    from pagecache import versions
    from search import indexing

    cache.clear()  # (its own Redis database: nothing left of an earlier run)
    client = Client()
    timed_page(client, {"q": "预热"})  # the dictionary and the vocabulary, once
    print(
        "/search/ 整页响应时间（参照页：不带查询的 /search/，与各次搜索交替测得；"
        "倍数 = p95 ÷ 同一组中参照页的 p50，机器快慢变化时仍可比）：",
        flush=True,
    )
    cases = {label: [{"q": q} for q in queries] for label, queries in QUERIES.items()}
    cases["分面筛选"] = [
        {k: v for k, v in {"q": q, "type": t, "region": r, "year": y}.items() if v}
        for q, t, r, y in FACETED
    ]
    for label, params_list in cases.items():
        cold, new, warm, totals, reference = [], [], [], [], []
        for _ in range(REPEAT):
            for params in params_list:
                reference.append(timed_reference(client))
                versions.bump()  # the first search after a content change
                elapsed, total = timed_page(client, params)
                cold.append(elapsed)
                totals.append(total)
                warm.append(timed_page(client, params)[0])
                # A query nobody asked since the last change, on a site otherwise warm: the
                # content version, region names and synonyms are remembered already.
                versions.bump()
                timed_page(client, {"q": "预热"})
                new.append(timed_page(client, params)[0])
        usual = statistics.median(reference)
        report(f"{label}（冷）", cold, totals, usual)
        report(f"{label}（新查询）", new, reference=usual)
        report(f"{label}（热）", warm, reference=usual)
        report(f"{label}（参照页）", reference)
    # A name the segmenter knows changed (a region, industry, company, event or synonym): each
    # process reloads its vocabulary on its next search or indexing, once.
    reloads = []
    for _ in range(5):
        started = time.perf_counter()
        indexing.load_vocabulary(force=True)
        reloads.append((time.perf_counter() - started) * 1000)
    print(
        f"  词表重载（地区、产业、企业、活动或同义词改动后每个进程一次）"
        f"p50 {statistics.median(reloads):.1f} ms",
        flush=True,
    )


def measure_import(rows):
    """A project import of `rows` rows (CSV, the bulk path) without and with the index."""
    import csv
    import io

    from django.db import connection

    from bench.import_speed import HEADERS, synthetic_rows
    from search import indexing
    from spreadsheets import registry
    from spreadsheets.files import read_spreadsheet
    from spreadsheets.signals import records_imported

    def data(prefix):
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for row in synthetic_rows(rows):
            row[0] = row[0].replace("BENCH-", prefix)
            row[-1] = "已发布"
            writer.writerow(row)
        return out.getvalue().encode("utf-8")

    def timed(prefix):
        dataset = read_spreadsheet(data(prefix), "csv")
        resource = registry.resource_class("projects")()
        # Each run starts as autovacuum leaves a site after a bulk write. Without it (this
        # machine's PostgreSQL runs with autovacuum off) each run was slower than the last,
        # whatever it did: 86.8, 115.3, 119.9, 145.8, 157.6 s for five runs without the index
        # as the projects grew from 120,000 to 720,000, then 108.9 s after one VACUUM ANALYZE;
        # the faster of the runs without the index was the first, always.
        if connection.vendor == "postgresql":
            vacuum_analyze()
        started = time.perf_counter()
        result = resource.import_data(dataset)
        assert result.ok, "导入失败"
        return time.perf_counter() - started

    # New codes in each run, so that a kept database (--reuse) imports new rows again.
    run = f"{int(time.time()) % 100000:05d}"
    print(f"项目导入 {rows:,} 行（CSV，批量路径，已发布）：", flush=True)
    # Without the index before and after the run with it: the machine is shared, so the
    # ratio is taken against the faster of the two (one slow run must not flatter the index).
    records_imported.disconnect(dispatch_uid="search-import")
    first = timed(f"NOINDEX{run}-")
    records_imported.connect(indexing.imported, dispatch_uid="search-import")
    with_index = timed(f"INDEXED{run}-")
    records_imported.disconnect(dispatch_uid="search-import")
    second = timed(f"NOINDEX2{run}-")
    records_imported.connect(indexing.imported, dispatch_uid="search-import")
    without = min(first, second)
    # The index tasks (IMPORT_TASK_SIZE rows each) shared by as many workers as production
    # runs (README: one per core), each in its own process, as `manage.py db_worker`.
    workers = int(os.environ.get("BENCH_INDEX_WORKERS", "1"))
    if connection.vendor == "postgresql":
        vacuum_analyze()
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    running = [
        subprocess.Popen([*command, "--no-reload", "-v", "0"], cwd=ROOT) for _ in range(workers)
    ]
    assert all(worker.wait() == 0 for worker in running), "后台任务进程出错"
    catch_up = time.perf_counter() - started
    print(
        f"  不更新索引       {without:6.1f} s，{rows / without:,.0f} 行/s"
        f"（前后两次 {first:.1f} s、{second:.1f} s 中较快的一次）",
        flush=True,
    )
    print(
        f"  更新索引         {with_index:6.1f} s，{rows / with_index:,.0f} 行/s"
        f"（{with_index / without:.2f} 倍，目标 ≤ 1.5 倍；索引任务在提交后排队）",
        flush=True,
    )
    print(
        f"  索引任务追上导入 {catch_up:6.1f} s，{rows / catch_up:,.0f} 行/s"
        f"（{workers} 个后台任务进程 db_worker：分词并写入索引）",
        flush=True,
    )
    print(
        f"  导入与索引任务合计 {with_index + catch_up:6.1f} s"
        f"（{(with_index + catch_up) / without:.2f} 倍于不更新索引的导入，目标 ≤ 1.5 倍）",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
