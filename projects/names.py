"""Names of regions and industries, kept per content version and language: cards and signing
rows name a project's place and industries from here instead of joining and building those rows
for every project on every page."""

from django.utils.translation import get_language
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from pagecache.versions import memoize_in_process
from projects.models import Industry, Region


def kept(kind, compute, ids):
    """compute() for the active language, kept until the content changes; computed afresh when
    it lacks one of `ids` (a row saved after this request read the content version)."""
    found = memoize_in_process(f"{kind}-names:{get_language()}", compute)
    return found if ids <= found.keys() else compute()


def place_names(ids):
    """{region id: its name after its city's} for at least `ids`."""
    return kept("place", Region.objects.place_names, set(ids) - {None})


def region_names(ids):
    """{region id: its name} for at least `ids`."""
    return kept("region", Region.objects.names, set(ids) - {None})


def industry_names(ids):
    """{industry id: (its position in the industries' order, its name)} for at least `ids`."""
    return kept("industry", Industry.objects.names_in_order, set(ids))


def translated(path, *fields):
    """`path + field` and its column in each language, for only(): modeltranslation adds them
    to a model's own fields but not to a related model's."""
    return [
        f"{path}{name}"
        for field in fields
        for name in (
            field,
            *(build_localized_fieldname(field, lang) for lang in AVAILABLE_LANGUAGES),
        )
    ]
