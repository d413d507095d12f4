"""The region names beside a search (its region filter, each result's place) are each region's
display name in the page's language, read without building the regions."""

import pytest
from django.utils import translation

from projects.models import Region
from search import registry

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
