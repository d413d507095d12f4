"""An English list sorted by name sorts by what it shows: the English name, or for a project not
yet translated its Chinese name by its pinyin (the address's slug), among the English ones."""

import re

import pytest

from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def listed(client, query):
    body = client.get("/en/projects/" + query).content.decode()
    return re.findall(r'<a href="/en/projects/[^"]+/"(?: lang="zh-Hans")?>([^<]+)</a>', body)


@pytest.fixture
def projects():
    ProjectFactory(name="长春新能源汽车产业园", name_en="Changchun New Energy Vehicle Park")
    ProjectFactory(name="奥迪一汽新能源汽车项目")  # ao-di-yi-qi-…
    ProjectFactory(name="中车产业基地", name_en="")  # zhong-che-…, blank English
    ProjectFactory(name="白城风电项目", name_en="baicheng wind farm")  # lower case
    ProjectFactory(name="吉化乙烯项目", name_en="Jihua Ethylene")


ASCENDING = [
    "奥迪一汽新能源汽车项目",
    "baicheng wind farm",
    "Changchun New Energy Vehicle Park",
    "Jihua Ethylene",
    "中车产业基地",
]


def test_english_names_sort_with_untranslated_ones_among_them(client, projects):
    assert listed(client, "?ordering=name") == ASCENDING
    assert listed(client, "?ordering=-name") == ASCENDING[::-1]


def test_the_chinese_list_still_sorts_by_the_chinese_name(client, projects):
    body = client.get("/projects/?ordering=name").content.decode()
    shown = re.findall(r'<a href="/projects/[^"]+/">([^<]+)</a>', body)
    assert shown == sorted(shown)
