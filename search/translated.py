"""The page's results in English: the index holds each record's Chinese title and address, so
an English page reads the English titles of its own results, one query per kind of record (and
what the kind's source prefetches), whatever the size of the index."""

from collections import defaultdict

from django.utils.translation import get_language

from languages.paths import ENGLISH, in_language

from . import registry


def english_titles(documents):
    """{(kind, object id): title as the English page shows it (its English, else Chinese)}."""
    ids = defaultdict(set)
    for doc in documents:
        if doc.get("object_id") is not None:
            ids[doc["kind"]].add(doc["object_id"])
    titles = {}
    for kind, pks in ids.items():
        source = registry.source_for_kind(kind)
        if source is None:
            continue
        rows = source.prepared(source.model._default_manager.filter(pk__in=pks))
        for obj in rows:  # English active: translated fields read English, else Chinese
            titles[(kind, obj.pk)] = source.entry(obj).title
    return titles


def in_page_language(documents):
    """Each document's (title, url) as the current language's page links to it."""
    if get_language() != ENGLISH:
        return [(doc["title"], doc["url"]) for doc in documents]
    titles = english_titles(documents)
    return [
        (
            titles.get((doc["kind"], doc.get("object_id")), doc["title"]),
            in_language(doc["url"], ENGLISH),
        )
        for doc in documents
    ]
