"""Addresses from slugs are what reverse() gives, in each language and under a script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from projects.addresses import slug_url


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("slug", ["audi-faw", "a", "x_1-2"])
def test_slug_urls_are_what_reverse_gives(language, slug):
    with translation.override(language):
        assert slug_url("projects:project_detail", slug) == reverse(
            "projects:project_detail", args=[slug]
        )
        assert slug_url("projects:event_detail", slug) == reverse(
            "projects:event_detail", args=[slug]
        )


def test_slug_urls_follow_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert slug_url("projects:project_detail", "audi") == "/portal/projects/audi/"
    finally:
        set_script_prefix("/")
    assert slug_url("projects:project_detail", "audi") == "/projects/audi/"


@pytest.mark.parametrize("slug", ["", "长春", "a b", "a/b"])
def test_a_slug_the_path_refuses_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("projects:project_detail", slug)
