"""The sitemap index remembers each section's size and newest change until the content changes:
no COUNT or MAX over a whole table on every request, and no stale index after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.sitemaps import ProjectSitemap
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def index(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"].upper() for q in captured]


def whole_table_aggregates(queries):
    return [sql for sql in queries if "COUNT(" in sql or "MAX(" in sql]


def test_the_index_reads_no_whole_table_aggregate_while_the_content_is_unchanged(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered each time, as for a crawler
    ProjectFactory.create_batch(3)
    _, first = index(client)
    assert whole_table_aggregates(first)  # the first request counts
    _, again = index(client)
    assert whole_table_aggregates(again) == []


def test_the_index_lists_a_new_part_at_the_next_request_after_a_publication(client, monkeypatch):
    monkeypatch.setattr(ProjectSitemap, "limit", 2)
    ProjectFactory.create_batch(2)
    xml, _ = index(client)
    assert "sitemap-projects.xml" in xml
    assert "sitemap-projects.xml?p=2" not in xml
    ProjectFactory()
    xml, _ = index(client)
    assert "sitemap-projects.xml?p=2" in xml
    part = client.get("/sitemap-projects.xml", {"p": "2"})
    assert part.status_code == 200 and part.content.count(b"<url>") == 1
