"""The list filters' selects, written in Python for speed, read exactly as Django's own."""

import re

import pytest
from django import forms

from formmarkup.widgets import Select
from projects.filters import ProjectFilter, regions
from projects.models import Region


def same_markup(html):
    """Django's templates leave blank lines between options; browsers ignore them."""
    return re.sub(r"\n\s*\n", "\n", html).strip()


CHOICES = [("", "全部"), ("a&b", "甲 <乙>"), (3, "丙"), ("3", "重复的值")]


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "3", "missing"])
def test_select_renders_what_djangos_select_renders(value):
    attrs = {"id": "id_x", "aria-invalid": "true", "required": False, "disabled": True}
    ours = Select(choices=CHOICES).render("x", value, attrs)
    django = forms.Select(choices=CHOICES).render("x", value, attrs)
    assert same_markup(ours) == same_markup(django)


@pytest.mark.django_db
def test_the_region_filter_lists_the_tree_with_counties_indented(client):
    page = client.get("/projects/", {"region": "changchun"}).content.decode()
    select = re.search(r'<select name="region".*?</select>', page, re.S).group()
    assert '<option value="changchun" selected>长春市</option>' in select
    assert '<option value="nanguan">\u3000\u3000南关区</option>' in select
    assert select.count("<option") == Region.objects.count() + 1  # 全部地区


@pytest.mark.django_db
def test_the_region_filter_is_in_english_on_english_pages(client):
    page = client.get("/en/projects/", {"region": "changchun"}).content.decode()
    assert '<option value="changchun" selected>Changchun</option>' in page


@pytest.mark.django_db
def test_an_unknown_region_keeps_the_choices_and_explains():
    filterset = ProjectFilter({"region": "atlantis"}, queryset=None)
    html = str(filterset.form["region"])
    assert not filterset.is_valid()
    assert 'aria-invalid="true"' in html
    assert " selected" not in html  # nothing chosen: the reader picks again
    assert html.count("<option") == regions(None).count() + 1


def django_field_group(bound):
    """The field as Django's own templates write it (django/forms/field.html)."""
    return str(forms.BoundField(bound.form, bound.field, bound.name).as_field_group())


FORM_STATES = [
    {},
    {"q": "汽车", "region": "changchun", "stage": "signed", "investment_min": "1.5"},
    {"region": "atlantis", "year": "1900", "investment_min": "abc", "ordering": "sideways"},
    {"investment_min": "9", "investment_max": "1", "q": "x" * 101},
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("data", FORM_STATES)
def test_each_filter_field_reads_as_djangos_field_template(data, language):
    from django.utils import translation

    with translation.override(language):
        form = ProjectFilter(data or None, queryset=None).form
        form.is_valid()
        for bound in form:
            assert same_markup(str(bound.as_field_group())) == same_markup(
                django_field_group(bound)
            ), bound.name


@pytest.mark.parametrize("value", [None, "", "1.5", "abc", '"><b>'])
def test_the_python_inputs_read_as_djangos(value):
    from formmarkup.widgets import NumberInput, TextInput

    attrs = {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False}
    assert TextInput().render("x", value, attrs) == forms.TextInput().render("x", value, attrs)
    ours = NumberInput(attrs={"min": "0"}).render("x", value, attrs)
    django = forms.NumberInput(attrs={"min": "0"}).render("x", value, attrs)
    if value in ("abc", '"><b>'):  # ours drops what is not a number (see NumberInput)
        django = django.replace(f' value="{forms.NumberInput().format_value(value)}"', "")
        django = django.replace(' value="&quot;&gt;&lt;b&gt;"', "")
    assert ours == django
