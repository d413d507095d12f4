"""What is searchable: each domain app registers its sources in its `search_documents` module.

A source says which rows may be in the index (published, including scheduled ones: the
query hides what is not yet due), what document each row becomes, and which names belong in
the dictionary. The search app knows no domain model; it only reads this registry.
"""

from dataclasses import dataclass

from django.utils import timezone

from jlsite.publishing import PublicationStatus

_sources = {}  # kind → Source
_regions = []  # callables returning [(slug, name, parent slug or "")]
_vocabularies = []  # callables returning names to keep whole
_vocabulary_models = set()  # models whose changes change those names


@dataclass
class Entry:
    """A document as a source describes it."""

    title: str
    body: str
    url: str
    published_at: object
    region: str = ""  # the region's slug
    area: str = ""  # its top-level region's slug (the region itself when top-level)


class Source:
    """Subclass with `model`, `kind`, `label`; override `entry()` and, when needed, the rest."""

    model = None
    kind = ""
    label = ""
    depends_on = {}  # another model → function(pks) → pks of this model to refresh at once
    # another model whose names the documents show → function(pks) → pks of this model to
    # reindex after the commit (by the task worker, in batches): a region, an industry renamed
    named_after = {}

    def indexable(self):
        """Rows the index may hold: published, due or scheduled."""
        return self.model._default_manager.filter(
            status=PublicationStatus.PUBLISHED, published_at__isnull=False
        )

    def prepared(self, queryset):
        """`queryset` with what `entry()` reads, in a fixed number of queries."""
        return queryset

    def entry(self, obj):
        raise NotImplementedError


def register(source_class):
    source = source_class()
    _sources[source.kind] = source
    return source_class


def register_regions(function):
    _regions.append(function)
    return function


def register_vocabulary(function=None, *, models=()):
    """Register a callable giving names to keep whole; `models` are those it reads names
    from (a change to one tells every process to reload the dictionary's names)."""

    def add(function):
        _vocabularies.append(function)
        _vocabulary_models.update(models)
        return function

    return add(function) if function is not None else add


def vocabulary_models():
    return set(_vocabulary_models)


def named_models():
    """Models whose renames change other sources' documents."""
    return {model for source in _sources.values() for model in source.named_after}


def sources():
    return list(_sources.values())


def source_for_kind(kind):
    return _sources.get(kind)


def source_for_model(model):
    return next((s for s in _sources.values() if s.model is model), None)


def kinds():
    """[(kind, label)] in registration order."""
    return [(s.kind, s.label) for s in _sources.values()]


def regions():
    return [row for function in _regions for row in function()]


def vocabulary():
    return [word for function in _vocabularies for word in function()]


def local_year(moment):
    return timezone.localtime(moment).year if moment else None
