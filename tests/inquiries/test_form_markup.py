"""The inquiry form on every project and event page is written in Python (jlsite.widgets);
field by field it reads exactly as Django's templates write it, errors and help included."""

import pytest
from django import forms
from django.utils import translation

from inquiries.forms import InquiryForm
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

STATES = [
    None,
    {"name": "", "email": "not-an-email", "phone": "abc", "message": "", "website": "x"},
    {"name": "张三 <b>", "email": "a@example.com", "message": "想了解\n用地", "consent": "on"},
    {"project": "no such project", "event": "../x", "message": "问"},
]


def django_markup(bound):
    """What Django's own BoundField and widget classes write for this field."""
    field = bound.field
    widget = field.widget
    python_class = type(widget)
    widget.__class__ = python_class.__mro__[
        [c.__module__ for c in python_class.__mro__].index("django.forms.widgets")
    ]
    try:
        django_bound = forms.BoundField(bound.form, field, bound.name)
        return str(django_bound.as_field_group()), str(django_bound)
    finally:
        widget.__class__ = python_class


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("data", STATES)
def test_each_inquiry_field_reads_as_djangos_templates(data, language):
    project = ProjectFactory(slug="audi")
    with translation.override(language):
        form = InquiryForm(data, initial={"project": project})
        if data is not None:
            form.is_valid()
        for bound in form:
            group, widget = django_markup(bound)
            assert str(bound.as_field_group()) == group, bound.name
            assert str(bound) == widget, bound.name
