"""The project list by signing date at scale, and what keeping Project.first_signed_on costs.

Fills a PostgreSQL database (jlsite_bench_dates, created and dropped here; the server from
BENCH_POSTGRES_URL) with published projects, most with a signing at an event or outside
events, then prints:

- the project list's pages rendered in-process (median of several requests; the public page
  cache is left out, as on a miss): sorted by signing date both ways, deep in the list,
  filtered by signing year, with the year list the form offers;
- beside them the query the list ran before (each row annotated with its earliest signing
  before paginating), for comparison;
- the plan PostgreSQL chooses for the sorted page;
- what the triggers cost a bulk write: signings inserted, moved and deleted with and without
  the triggers (ALTER TABLE … DISABLE TRIGGER USER), and an event's publication switching
  the dates of its projects.

    .venv/bin/python bench/signing_dates.py [--projects 100000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "jlsite_bench_dates"
REPEATS = 7


def server(*statements):
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jlsite.settings.test",
        DATABASE_URL=f"{POSTGRES_URL.rsplit('/', 1)[0]}/{BENCH_DB}",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def milliseconds(action, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(count):
    from django.utils import timezone

    from jlsite.publishing import PublicationStatus
    from projects.models import Event, Project, Signing

    rnd = random.Random(20220911)
    published = {"status": PublicationStatus.PUBLISHED, "published_at": timezone.now()}
    events = Event.objects.bulk_create(
        Event(name=f"测试活动{n}", slug=f"event-{n}", kind="conference", **published)
        for n in range(50)
    )
    projects = Project.objects.bulk_create(
        (Project(name=f"测试项目{n}", slug=f"p-{n}", **published) for n in range(count)),
        batch_size=5000,
    )
    signings = []
    for project in projects:
        if rnd.random() < 0.2:
            continue  # never signed
        day = date(2015, 1, 1) + timedelta(days=rnd.randrange(3650))
        event = rnd.choice(events) if rnd.random() < 0.7 else None
        signings.append(Signing(project=project, event=event, signed_on=day))
    return signings


def timed_write(label, action, without_triggers):
    from django.db import connection, transaction

    def run(disabled):
        with transaction.atomic():
            if disabled:
                with connection.cursor() as cursor:
                    cursor.execute("ALTER TABLE projects_signing DISABLE TRIGGER USER")
            start = time.perf_counter()
            action()
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        return elapsed

    with_triggers = run(False)
    line = f"  {label}: {with_triggers:.2f} s"
    if without_triggers:
        line += f"（无触发器 {run(True):.2f} s）"
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    count = parser.parse_args().projects

    server(
        f"DROP DATABASE IF EXISTS {BENCH_DB}",
        f"CREATE DATABASE {BENCH_DB} TEMPLATE template0 ENCODING 'UTF8' "
        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    )
    try:
        setup_django()
        report(count)
    finally:
        from django.db import connections

        connections.close_all()
        server(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def report(count):
    from django.db import connection
    from django.db.models import F, Min
    from django.test import Client

    from jlsite.publishing import PublicationStatus
    from projects.models import Event, Project, Signing

    signings = fill(count)
    print(f"PostgreSQL，{count:,} 个已发布项目，{len(signings):,} 条签约")
    timed_write(
        f"批量写入 {len(signings):,} 条签约",
        lambda: Signing.objects.bulk_create(signings, batch_size=1000),
        without_triggers=True,
    )
    Signing.objects.bulk_create(signings, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    from django.conf import settings
    from django.test import override_settings

    rendered = [m for m in settings.MIDDLEWARE if m != "jlsite.cache.PublicPageCacheMiddleware"]
    override_settings(MIDDLEWARE=rendered).enable()
    client = Client()
    year = Project.objects.exclude(first_signed_on=None).latest("first_signed_on").first_signed_on
    pages = [
        ("/projects/", "默认排序"),
        ("/projects/?ordering=-signed", "签约日期从近到远"),
        ("/projects/?ordering=signed", "签约日期从远到近"),
        ("/projects/?ordering=-signed&page=500", "签约日期从近到远，第500页"),
        (f"/projects/?year={year.year}", f"签约年份 {year.year}"),
    ]
    print("项目库页面（进程内，中位数）：")
    for path, label in pages:
        assert client.get(path).status_code == 200
        print(f"  {label:<24} {milliseconds(lambda p=path: client.get(p)):7.1f} ms  {path}")

    from projects.filters import signing_years

    print(f"  签约年份列表（表单每次构建）     {milliseconds(signing_years):7.1f} ms")

    def old_page(offset):
        query = (
            Project.objects.published()
            .annotate(first=Min("signings__signed_on"))
            .order_by(F("first").desc(nulls_last=True), "pk")
        )
        list(query[offset : offset + 20])
        query.count()

    def new_page(offset):
        query = Project.objects.published().order_by(
            F("first_signed_on").desc(nulls_last=True), "pk"
        )
        list(query[offset : offset + 20])
        query.count()

    print("排序一页的查询（列表 + 计数）：")
    for offset in (0, 9980):
        old = milliseconds(lambda o=offset: old_page(o))
        new = milliseconds(lambda o=offset: new_page(o))
        print(f"  偏移 {offset:>5}：原先聚合 {old:7.1f} ms，现在读 first_signed_on {new:7.1f} ms")

    query = Project.objects.published().order_by(F("first_signed_on").desc(nulls_last=True), "pk")
    plan = query[:20].explain()
    print("排序第一页的查询计划：")
    print("\n".join(f"  {line}" for line in plan.splitlines()))

    moved = list(Signing.objects.order_by("pk")[:10_000])
    for signing in moved:
        signing.signed_on -= timedelta(days=30)
    timed_write(
        "批量改动 10,000 条签约的日期",
        lambda: Signing.objects.bulk_update(moved, ["signed_on"], batch_size=1000),
        without_triggers=True,
    )
    timed_write(
        "删除 10,000 条签约",
        lambda: Signing.objects.filter(pk__in=[s.pk for s in moved]).delete(),
        without_triggers=True,
    )
    busiest = Event.objects.order_by("pk").first()
    at_event = Signing.objects.filter(event=busiest).count()
    timed_write(
        f"撤回一个有 {at_event:,} 条签约的活动",
        lambda: Event.objects.filter(pk=busiest.pk).update(status=PublicationStatus.DRAFT),
        without_triggers=False,
    )


if __name__ == "__main__":
    main()
