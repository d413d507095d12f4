"""Content in English where editors translated it; the Chinese, marked as such, where not."""

import re

import pytest
from django.urls import reverse

from languages.paths import in_language
from projects.models import Industry, Project
from tests.jlsite.test_views_query_counts import PAGES, Scene, queries_for
from tests.pages import main_text
from tests.projects.factories import IndustryFactory, ProjectFactory
from tests.richtext.admin_forms import form_data

pytestmark = pytest.mark.django_db


def english(client, obj):
    return client.get(in_language(obj.get_absolute_url(), "en"))


def test_untranslated_content_shows_in_chinese_marked_as_chinese(client):
    project = ProjectFactory(name="长春新能源汽车产业园", summary="长春市重大项目。")
    body = english(client, project).content.decode()
    assert '<h1 lang="zh-Hans">长春新能源汽车产业园</h1>' in body
    assert '<p class="lead" lang="zh-Hans">长春市重大项目。</p>' in body
    listed = client.get("/en/projects/").content.decode()
    assert re.search(
        r'<a href="/en/projects/[^"]+/" lang="zh-Hans">长春新能源汽车产业园</a>', listed
    )


def test_translated_content_shows_in_english(client):
    project = ProjectFactory(
        name="长春新能源汽车产业园",
        name_en="Changchun New Energy Vehicle Park",
        summary="长春市重大项目。",
        summary_en="A major project of Changchun.",
    )
    page = english(client, project)
    body = page.content.decode()
    assert "<h1>Changchun New Energy Vehicle Park</h1>" in body
    assert '<p class="lead">A major project of Changchun.</p>' in body
    assert "长春新能源汽车产业园" not in main_text(page)
    chinese = client.get(in_language(project.get_absolute_url(), "zh-hans"))
    assert "<h1>长春新能源汽车产业园</h1>" in chinese.content.decode()
    assert "Changchun New Energy Vehicle Park" not in main_text(chinese)


def test_english_search_finds_translated_names(client):
    ProjectFactory(name="奥迪项目", name_en="Audi plant")
    assert "Audi plant" in main_text(client.get("/en/projects/?q=Audi"))


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.usefixtures("self_approval")  # the superuser's own change stays published
def test_editors_translate_beside_the_chinese_in_the_admin(admin_client, client):
    project = ProjectFactory(name="长春新能源汽车产业园", body="<p>中文介绍</p>")
    page = admin_client.get(change_url(project))
    html = page.content.decode()
    assert html.index('name="name"') < html.index('name="name_en"') < html.index('name="code"')
    assert "项目名称（英文）" in html
    assert "name_zh_hans" not in html
    textarea = re.search(r'<textarea name="body_en"[^>]*>', html)[0]
    assert 'data-richtext="jodit"' in textarea  # the rich-text editor for the English too
    response = admin_client.post(
        change_url(project),
        form_data(page, name_en="Changchun NEV Park", body_en="<p>English text</p>"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.name_en) == ("长春新能源汽车产业园", "Changchun NEV Park")
    body = english(client, project).content.decode()
    assert "<h1>Changchun NEV Park</h1>" in body
    assert '<div class="prose"><p>English text</p></div>' in body
    chinese = client.get(in_language(project.get_absolute_url(), "zh-hans"))
    assert "<h1>长春新能源汽车产业园</h1>" in chinese.text


def test_blank_english_names_do_not_collide_in_the_admin(admin_client):
    first, second = IndustryFactory(), IndustryFactory()
    for industry in (first, second):
        page = admin_client.get(change_url(industry))
        assert admin_client.post(change_url(industry), form_data(page)).status_code == 302
    assert set(Industry.objects.values_list("name_en", flat=True)) == {None}


def test_a_project_saved_in_chinese_keeps_its_english(admin_client):
    project = ProjectFactory(name="项目甲", name_en="Project A")
    page = admin_client.get(change_url(project))
    admin_client.post(change_url(project), form_data(page, name="项目乙"))
    project = Project.objects.get(pk=project.pk)
    assert (project.name, project.name_en) == ("项目乙", "Project A")


ENGLISH_PAGES = {name: add for name, (add, _) in PAGES.items() if name != "sitemap"}


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_english_query_count_does_not_grow_with_rows(client, page):
    add_rows = ENGLISH_PAGES[page]
    scene = Scene()
    few, response = queries_for(client, in_language(add_rows(scene, 2), "en"))
    many, response = queries_for(client, in_language(add_rows(scene, 58), "en"))
    assert re.search(r'lang="en"|<language>en</language>', response.content.decode())
    assert many == few, f"{page}: {few} queries with 2 rows, {many} with 60"
    assert few <= 16, f"{page}: {few} queries"
