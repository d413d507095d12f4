"""The project list's keyword (`/projects/?q=`) finds a word in a few old projects without
reading every newer project (PostgreSQL): ordered by its own columns, the list was found by
walking that order and matching each project's card in turn, 1.5 s a page for a word in two
old projects among 120,000. The walk is what PostgreSQL plans from some thousands of projects
on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from projects.models import Project
from search.models import Document
from tests.projects.factories import ProjectFactory, region
from tests.search.test_rare_words import rows_read

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]

NEWER = 10_000


def test_a_word_in_two_old_projects_is_listed_without_reading_every_newer_project(client):
    now = timezone.now()
    changchun = region("changchun")
    newer = Project.objects.bulk_create(
        Project(
            name=f"汽车产业项目{n}",
            slug=f"newer-{n}",
            region=changchun,
            total_investment=Decimal("1"),
            summary="汽车",
            status=PublicationStatus.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(NEWER)
    )
    Document.objects.bulk_create(
        Document(
            kind="project",
            object_id=project.id,
            title=project.name,
            title_terms="汽车 产业 项目",
            body="汽车",
            body_terms="汽车",
            url=f"/projects/{project.slug}/",
            year=timezone.localtime(project.published_at).year,
            published_at=project.published_at,
        )
        for project in newer
    )
    old = [
        ProjectFactory(name=f"养殖基地{n}琥珀", published_at=now - timedelta(days=900 + n))
        for n in range(2)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('search_card_vector_idx'::regclass)")
        cursor.execute("ANALYZE projects_project, search_card")

    def listed():
        response = client.get(reverse("projects:project_list"), {"q": "琥珀"})
        assert response.status_code == 200
        return [project.pk for project in response.context["page_obj"].object_list]

    read, found = rows_read("projects_project", listed)
    assert found == [old[0].pk, old[1].pk]
    assert read < 200  # the two projects (and their counts), not every newer one
