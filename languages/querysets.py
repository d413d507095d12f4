"""django-modeltranslation's multilingual querysets, one class per queryset class.

modeltranslation's manager turns every queryset it hands out into a MultilingualQuerySet by
building a new subclass of the model's own QuerySet class on each `get_queryset()` call
(modeltranslation.manager.multilingual_queryset_factory). A list page asks for a queryset
hundreds of times (each related manager of each row does), so it built a class each time: a
third of the time to fetch a page of project cards, and every new class starts with cold
attribute caches. The class is the same each time; build it once per QuerySet class.
"""

import functools

from modeltranslation import manager


@functools.cache
def multilingual_class(old_cls):
    return manager_factory(old_cls, instantiate=False)


def multilingual_queryset_factory(old_cls, instantiate=True):
    new_class = multilingual_class(old_cls)
    return new_class() if instantiate else new_class


manager_factory = manager.multilingual_queryset_factory


def install():
    """Replace modeltranslation's factory (called by name inside its manager module)."""
    if manager.multilingual_queryset_factory is not multilingual_queryset_factory:
        manager.multilingual_queryset_factory = multilingual_queryset_factory
