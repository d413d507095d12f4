"""The list filters' selects, written in Python for speed, read exactly as Django's own."""

import re

import pytest
from django import forms

from jlsite.filters import Select
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
