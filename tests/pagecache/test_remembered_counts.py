"""A list's row count is remembered until the content changes, on SQLite as on PostgreSQL
(SQLite is handed the publication cut-off as text, which once made every request's key new)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def counts(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def test_the_project_list_counts_once_per_content_version(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory.create_batch(3)
    _, first = counts(client, "/projects/?stage=signed")
    assert first
    _, again = counts(client, "/projects/?stage=signed")
    assert again == [], again
    ProjectFactory()  # content changed: counted afresh, and right
    response, after = counts(client, "/projects/")
    assert after and "共找到 4 个项目" in strip_tags(response.content.decode())


def test_a_figure_is_remembered_from_its_first_computing_until_the_content_changes():
    from pagecache import versions

    computed = []
    assert not versions.remembered("test-figure")
    assert versions.memoize("test-figure", lambda: computed.append(1) or 42) == 42
    assert versions.remembered("test-figure")
    versions.kept_figures.update(version=None, values={}, bytes=0)  # another process: shared
    assert versions.remembered("test-figure")
    assert versions.memoize("test-figure", lambda: computed.append(1) or 43) == 42
    assert computed == [1]
    ProjectFactory()  # a change
    assert not versions.remembered("test-figure")
