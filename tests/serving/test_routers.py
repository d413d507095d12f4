"""Public reads go to the replicas; the admin, staff, writes and reads after a write go to the
primary. "replica" (tests/settings) is a second connection to the same test database."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from serving.routers import ReplicaRouter
from tests.jlsite.test_settings import REPO

BOTH = ["default", "replica"]
# Committed data, which the replica connection can see; the regions loaded by the migrations
# are restored afterwards for the tests that follow.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica"]


class Queries:
    """The SQL each connection ran inside the block."""

    def __enter__(self):
        self.captured = {alias: CaptureQueriesContext(connections[alias]) for alias in BOTH}
        for capture in self.captured.values():
            capture.__enter__()
        return self

    def __exit__(self, *exc):
        for capture in self.captured.values():
            capture.__exit__(*exc)

    def on(self, alias):
        return [query["sql"] for query in self.captured[alias].captured_queries]


@pytest.fixture
def demo_committed():
    call_command("load_demo", verbosity=0)


@committed
def test_public_pages_read_from_the_replica(demo_committed, replicas, client):
    project = Project.objects.published().first()
    with Queries() as queries:
        listing = client.get("/projects/")
        detail = client.get(project.get_absolute_url())
    assert listing.status_code == detail.status_code == 200
    assert project.name in listing.text and project.name in detail.text
    assert queries.on("replica")
    assert not queries.on("default")


@committed
def test_the_admin_reads_from_the_primary(demo_committed, replicas, admin_client):
    with Queries() as queries:
        response = admin_client.get("/admin/projects/project/")
    assert response.status_code == 200
    assert queries.on("default")
    assert not queries.on("replica")


@committed
def test_staff_see_public_pages_from_the_primary(demo_committed, replicas, admin_client):
    with Queries() as queries:
        assert admin_client.get("/projects/").status_code == 200
    assert not queries.on("replica")


@committed
def test_after_a_write_the_request_reads_from_the_primary(replicas, client, settings):
    settings.ROOT_URLCONF = "tests.serving.replica_urls"
    settings.PAGE_CACHE_SECONDS = 0  # only the view's own queries
    with Queries() as queries:
        response = client.get("/read-write-read/")
    assert response.text == "1"
    on_replica, on_primary = queries.on("replica"), queries.on("default")
    assert len(on_replica) == 1 and "COUNT" in on_replica[0]  # the read before the write
    assert any(sql.startswith("INSERT") for sql in on_primary)
    assert "COUNT" in on_primary[-1] and "LIKE" in on_primary[-1]  # the read after it


@committed
def test_posts_use_only_the_primary(replicas, client, settings):
    settings.ROOT_URLCONF = "tests.serving.replica_urls"
    with Queries() as queries:
        assert client.post("/read-write-read/").text == "1"
    assert not queries.on("replica")


@committed
def test_without_replicas_everything_reads_from_the_primary(demo_committed, client):
    with Queries() as queries:
        assert client.get("/projects/").status_code == 200
    assert queries.on("default")
    assert not queries.on("replica")


def test_outside_a_request_and_inside_transactions_reads_use_the_primary(db, replicas):
    router = ReplicaRouter()
    assert router.db_for_read(Project) == "default"
    with transaction.atomic():
        assert router.db_for_read(Project) == "default"
    assert router.allow_migrate("replica", "projects") is False


def test_replica_urls_become_database_aliases():
    code = (
        "from django.conf import settings; import json;"
        "print(json.dumps([settings.DATABASE_REPLICAS,"
        " {a: [c['HOST'], c['NAME'], c['CONN_MAX_AGE'], c['TEST']['MIRROR']]"
        "  for a, c in settings.DATABASES.items() if a != 'default'}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.dev",
            "DATABASE_URL": "postgres://jl@db-primary:5432/jlsite",
            "DATABASE_REPLICA_URLS": "postgres://jl@db-r1:5432/jlsite,postgres://jl@db-r2/jlsite",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    aliases, databases = json.loads(result.stdout)
    assert aliases == ["replica1", "replica2"]
    assert databases == {
        "replica1": ["db-r1", "jlsite", 60, "default"],
        "replica2": ["db-r2", "jlsite", 60, "default"],
    }
