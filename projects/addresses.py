"""The addresses of the projects app's pages, from their slugs."""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What the <slug:…> path converter accepts.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
STAND_IN = "slug-stand-in"
addresses = {}


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]) for a view whose only argument is a <slug:…>.

    The address of a stand-in slug is reversed once per language and URL configuration, and
    the slug put in its place: reverse() for each row cost a table of fifty signings 0.5 ms.
    """
    if not SLUG.match(slug):
        return reverse(viewname, args=[slug])  # what it says about a slug the path refuses
    key = (viewname, get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    around = addresses.get(key)
    if around is None:
        around = addresses[key] = reverse(viewname, args=[STAND_IN]).split(STAND_IN)
    return slug.join(around)
