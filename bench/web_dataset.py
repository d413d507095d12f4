"""The data `make bench-web` serves, and the queries each page costs, run inside Django.

    python bench/web_dataset.py build 100000      # into DATABASE_URL (migrated, demo loaded)
    python bench/web_dataset.py queries PATH...   # one JSON line: queries, status, size, time
    python bench/web_dataset.py paths             # the JSON `build` printed, for a built database

`build` adds SIZE published projects (names in the vocabulary of bench/import_speed.py), one
signing each (a tenth, at most 10,000, at one event; a third at twenty other events), SIZE/20
articles linked to projects, and the demo's regions, industries and channels; bulk writes, then
ANALYZE. It prints the paths of the pages that need a row (a project, the large event, an
industry) as JSON.
"""

import json
import math
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from itertools import batched
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jlsite.settings.dev")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Channel  # noqa: E402
from bench.import_speed import KINDS, PLACES, THINGS  # noqa: E402
from jlsite.publishing import PublicationStatus  # noqa: E402
from jlsite.sitemaps import PART_SIZE  # noqa: E402
from projects.models import (  # noqa: E402
    Company,
    Event,
    EventKind,
    Industry,
    Project,
    ProjectStage,
    Region,
    Signing,
)
from projects.views import ProjectListPaginator  # noqa: E402

PUBLISHED = PublicationStatus.PUBLISHED
LARGE_EVENT_SLUG = "bench-large-event"
LARGE_EVENT_SIGNINGS = 10_000
BATCH = 5_000


def past_moments(rnd, count, years=5):
    now = timezone.now()
    return sorted(
        (now - timedelta(seconds=rnd.randrange(60, years * 365 * 86400)) for _ in range(count)),
        reverse=True,
    )


def make_events(rnd):
    large = Event(
        name="基准测试大型签约活动",
        slug=LARGE_EVENT_SLUG,
        kind=EventKind.CONFERENCE,
        region=Region.objects.get(slug="changchun"),
        start_date=date(2023, 6, 1),
        status=PUBLISHED,
        published_at=timezone.now() - timedelta(days=400),
    )
    others = [
        Event(
            name=f"基准测试招商活动{n:02d}",
            slug=f"bench-event-{n:02d}",
            kind=rnd.choice(EventKind.values),
            start_date=date(2020, 1, 1) + timedelta(days=rnd.randrange(1500)),
            status=PUBLISHED,
            published_at=timezone.now() - timedelta(days=rnd.randrange(30, 1500)),
        )
        for n in range(1, 21)
    ]
    Event.objects.bulk_create([large, *others])
    return Event.objects.get(slug=LARGE_EVENT_SLUG), list(
        Event.objects.filter(slug__startswith="bench-event-")
    )


def make_projects(rnd, size):
    regions = list(Region.objects.all())
    companies = Company.objects.bulk_create(
        Company(name=f"基准投资企业{n:04d}有限公司") for n in range(2000)
    )
    industries = list(Industry.objects.all())
    moments = past_moments(rnd, size)
    projects = []
    for n, moment in enumerate(moments, start=1):
        projects.append(
            Project(
                code=f"WEB-{n:06d}",
                name=f"{rnd.choice(PLACES)}{rnd.choice(THINGS)}{rnd.choice(KINDS)}（第{n}期）",
                slug=f"bench-{n:06d}",
                region=rnd.choice(regions),
                total_investment=Decimal(rnd.randrange(1, 2_000_000)) / 100,
                stage=rnd.choice(ProjectStage.values),
                summary=f"合成基准数据第{n}号项目，用于测量网站在省级数据量下的响应速度。",
                featured=rnd.random() < 0.01,
                status=PUBLISHED,
                published_at=moment,
            )
        )
    for chunk in batched(projects, BATCH):
        Project.objects.bulk_create(chunk)
    ids = list(Project.objects.filter(code__startswith="WEB-").values_list("pk", flat=True))
    Industries = Project.industries.through
    Investors = Project.investors.through
    links = [
        Industries(project_id=pk, industry_id=industry.pk)
        for pk in ids
        for industry in rnd.sample(industries, rnd.randrange(0, 3))
    ]
    for chunk in batched(links, BATCH):
        Industries.objects.bulk_create(chunk)
    investors = [Investors(project_id=pk, company_id=rnd.choice(companies).pk) for pk in ids]
    for chunk in batched(investors, BATCH):
        Investors.objects.bulk_create(chunk)
    return ids


def make_signings(rnd, ids, large, others):
    at_large = set(rnd.sample(ids, min(LARGE_EVENT_SIGNINGS, len(ids) // 10)))
    signings = []
    for pk in ids:
        if pk in at_large:
            event = large
        elif rnd.random() < 0.33:
            event = rnd.choice(others)
        else:
            event = None
        signings.append(
            Signing(
                project_id=pk,
                event=event,
                contract_investment=Decimal(rnd.randrange(1, 500_000)) / 100,
                signed_on=date(2020, 1, 1) + timedelta(days=rnd.randrange(1500)),
            )
        )
    for chunk in batched(signings, BATCH):
        Signing.objects.bulk_create(chunk)


def make_articles(rnd, count, ids):
    channels = list(Channel.objects.all())
    articles = [
        Article(
            title=f"{rnd.choice(PLACES)}{rnd.choice(THINGS)}{rnd.choice(KINDS)}签约落地（{n}）",
            channel=rnd.choice(channels),
            source="基准测试",
            summary="合成基准数据，用于测量网站在省级数据量下的响应速度。",
            body="<p>合成基准数据。</p>" * 20,
            status=PUBLISHED,
            published_at=moment,
        )
        for n, moment in enumerate(past_moments(rnd, count), start=1)
    ]
    created = []
    for chunk in batched(articles, BATCH):
        created += Article.objects.bulk_create(chunk)
    Related = Article.related_projects.through
    links = [
        Related(article_id=article.pk, project_id=pk)
        for article in created
        for pk in rnd.sample(ids, 2)
    ]
    for chunk in batched(links, BATCH):
        Related.objects.bulk_create(chunk)


def build(size):
    rnd = random.Random(20220911)
    with transaction.atomic():
        large, others = make_events(rnd)
        ids = make_projects(rnd, size)
        make_signings(rnd, ids, large, others)
        make_articles(rnd, max(50, size // 20), ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print_paths()


def print_paths():
    """The paths of the pages that need a row, as JSON (of a database built here)."""
    size = Project.objects.filter(code__startswith="WEB-").count()
    large = Event.objects.get(slug=LARGE_EVENT_SLUG)
    industry = Industry.objects.filter(parent__isnull=True).order_by("order", "pk").first()
    middle = Project.objects.get(code=f"WEB-{size // 2:06d}")
    print(
        json.dumps(
            {
                "project": middle.get_absolute_url(),
                "event": large.get_absolute_url(),
                "event_slug": large.slug,
                "industry": industry.get_absolute_url(),
                "industry_slug": industry.slug,
                "deep_page": min(ProjectListPaginator.max_pages, math.ceil(size / 20)),
                # The last full part of the projects' sitemap (the first, under PART_SIZE).
                "sitemap_part": max(1, size // PART_SIZE),
            }
        )
    )


def count_queries(paths):
    """Queries, status, size and in-process time of each page, after a warm-up request of the
    same page: what a worker runs once the page's remembered figures and names exist (the
    first request after a content change runs a few more, to compute them)."""
    client = Client()
    results = {}
    for path in paths:
        response = client.get(path)
        if response.streaming:
            b"".join(response)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, headers={"accept-encoding": "gzip"})
            body = b"".join(response) if response.streaming else response.content
            seconds = time.perf_counter() - start
        results[path] = {
            "queries": len(queries),
            "status": response.status_code,
            "bytes": len(body),
            "seconds": seconds,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(int(sys.argv[2]))
    elif sys.argv[1] == "paths":
        print_paths()
    else:
        count_queries(sys.argv[2:])
