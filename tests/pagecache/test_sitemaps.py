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


def test_a_part_reads_its_rows_from_its_first_key_in_one_query(client, settings, monkeypatch):
    """A part of a large section is read from its first row's key on, not by skipping every
    row before it (OFFSET), which grew with the table: the keys parts start at are kept until
    the content changes."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(ProjectSitemap, "limit", 2)
    projects = ProjectFactory.create_batch(5)
    client.get("/sitemap.xml")
    client.get("/sitemap-projects.xml", {"p": "1"})  # the parts' first keys, found once
    with CaptureQueriesContext(connection) as captured:
        part = client.get("/sitemap-projects.xml", {"p": "3"})
    assert part.status_code == 200
    assert len(captured) == 1 and "OFFSET" not in captured[0]["sql"].upper()
    body = part.content.decode()
    assert projects[4].get_absolute_url() in body
    assert projects[3].get_absolute_url() not in body
    ProjectFactory(name="新发布项目")
    body = client.get("/sitemap-projects.xml", {"p": "3"}).content.decode()
    assert body.count("<url>") == 2  # the new project joins the last part at once
    assert client.get("/sitemap-projects.xml", {"p": "4"}).status_code == 404


def test_the_index_lists_what_djangos_index_view_lists(client, rf, monkeypatch):
    """The index is written without a template (a hundred parts at 100,000 projects): the
    same parts, dates and X-Robots-Tag as Django's own index view."""
    import xml.etree.ElementTree as ET

    from django.contrib.sitemaps import views as django_views

    from jlsite.urls import SITEMAPS

    monkeypatch.setattr(ProjectSitemap, "limit", 2)
    ProjectFactory.create_batch(5)
    ours = client.get("/sitemap.xml")
    theirs = django_views.index(
        rf.get("/sitemap.xml"), SITEMAPS, sitemap_url_name="sitemap_section"
    )
    theirs.render()

    def entries(response):
        root = ET.fromstring(response.content)
        return [tuple((child.text or "").strip() for child in entry) for entry in root]

    assert entries(ours) == entries(theirs)
    assert any("sitemap-projects.xml?p=3" in entry[0] for entry in entries(ours))
    assert ours["X-Robots-Tag"] == theirs["X-Robots-Tag"]


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "1\x00", ""])
def test_a_part_that_is_not_there_answers_404(client, number):
    ProjectFactory.create_batch(2)
    assert client.get("/sitemap-projects.xml", {"p": number}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_measures_are_read_by_key_and_addressed_by_their_policy_and_number(
    client, settings, monkeypatch
):
    """Policy measures too are read from their part's first key, not by OFFSET, and each
    address is its measure's own; a draft policy's measures are not listed."""
    from articles.sitemaps import MeasureSitemap
    from tests.articles.factories import PolicyFactory, PolicyMeasureFactory

    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(MeasureSitemap, "limit", 2)
    policy = PolicyFactory(slug="min-ying-jing-ji-40-tiao", declared_measure_count=40)
    measures = [PolicyMeasureFactory(policy=policy, number=n) for n in (3, 1, 12, 2, 7)]
    PolicyMeasureFactory(policy=PolicyFactory(draft=True), number=1)
    client.get("/sitemap-measures.xml", {"p": "1"})  # the parts' first keys, found once
    parts = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            part = client.get("/sitemap-measures.xml", {"p": str(number)})
        assert part.status_code == 200
        assert len(captured) == 1 and "OFFSET" not in captured[0]["sql"].upper()
        parts.append(part.content.decode())
    addresses = [m.get_absolute_url() for m in measures]
    assert addresses[4] == "/policies/min-ying-jing-ji-40-tiao/7/"
    for n, address in enumerate(addresses):
        assert parts[n // 2].count(f"testserver{address}<") == 1
    assert client.get("/sitemap-measures.xml", {"p": "4"}).status_code == 404
