"""modeltranslation's multilingual querysets: one class per QuerySet class, not one per call
(languages/querysets.py), and they still pickle (the cache keeps querysets' results)."""

import pickle

import pytest

from projects.models import Project, Region
from tests.projects.factories import ProjectFactory


def test_each_queryset_class_is_made_multilingual_once():
    assert type(Project.objects.all()) is type(Project.objects.published())
    assert type(Region.objects.all()) is type(Region.objects.all())
    assert type(Project.objects.all()).__name__.startswith("Multilingual")


@pytest.mark.django_db
def test_a_multilingual_queryset_pickles_with_its_rows():
    project = ProjectFactory(name="奥迪项目", name_en="Audi project")
    queryset = Project.objects.published().filter(pk=project.pk)
    list(queryset)
    again = pickle.loads(pickle.dumps(queryset))
    assert [p.name_en for p in again] == ["Audi project"]
    assert type(again) is type(queryset)
