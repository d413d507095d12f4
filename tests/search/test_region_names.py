"""The region names beside a search (its region filter, each result's place) are each region's
display name in the page's language, read without building the regions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from projects.models import Region
from search import registry
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_region_is_named_as_its_pages_name_it(language):
    Region.objects.filter(slug="nongan").update(short_name_en="")  # Chinese short name kept
    Region.objects.filter(slug="yanbian").update(short_name_en="Yanbian")
    with translation.override(language):
        expected = [
            (r.slug, r.display_name, r.parent.slug if r.parent_id else "")
            for r in Region.objects.select_related("parent")
        ]
        assert sorted(registry.regions()) == sorted(expected)
    names = {slug: name for slug, name, _ in expected}
    assert names["yanbian"] == ("Yanbian" if language == "en" else "延边")


def test_the_names_beside_a_search_follow_a_rename_and_no_other_change(client):
    """Kept while no name changes (as the dictionary is): a save of other content does not read
    the regions again, a region's does."""
    ProjectFactory(name="测试汽车项目")  # in 长春市

    def searched():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("search:search"), {"q": "汽车"})
        places = [item["region"] for item in response.context["results"]]
        areas = [choice["label"] for choice in response.context["facet_list"][1]["choices"]]
        read = any("projects_region" in query["sql"] for query in captured)
        return places, areas, read

    assert searched()[:2] == (["长春"], ["长春"])
    ProjectFactory(name="另一个项目")  # content changed: the search is counted again
    assert searched() == (["长春"], ["长春"], False)
    changchun = Region.objects.get(slug="changchun")
    changchun.name, changchun.short_name = "春城市", "春城"
    changchun.save()
    assert searched() == (["春城"], ["春城"], True)
