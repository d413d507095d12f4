"""Renaming a region, an industry or a company reindexes the documents that show the name, once
committed and in batches; a new name reaches every process's dictionary at its next search."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import Region
from search import indexing, query, text
from search.models import Card, Document
from tests.projects.factories import (
    CompanyFactory,
    EventFactory,
    IndustryFactory,
    ProjectFactory,
)
from tests.spreadsheet_files import csv_bytes

pytestmark = pytest.mark.django_db


def found(client, q, **params):
    response = client.get(reverse("search:search"), {"q": q, **params})
    assert response.status_code == 200
    return [d["url"] for d in response.context["results"]]


def test_renaming_changchun_reindexes_its_projects_and_events(
    client, django_capture_on_commit_callbacks
):
    project = ProjectFactory(name="测试工业园项目")  # in 长春市
    event = EventFactory(name="测试推介会", region=Region.objects.get(slug="changchun"))
    assert found(client, "春城") == []
    changchun = Region.objects.get(slug="changchun")
    changchun.name, changchun.short_name = "春城市", "春城"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changchun.save()
        assert "春城" not in Document.objects.get(object_id=project.pk, kind="project").body
    assert callbacks  # the documents follow once the rename is committed
    urls = found(client, "春城")
    assert project.get_absolute_url() in urls and event.get_absolute_url() in urls
    assert "春城市" in Document.objects.get(object_id=project.pk, kind="project").body
    assert Card.objects.count() == Document.objects.count()


@pytest.mark.parametrize("factory,field", [(IndustryFactory, "industries"),
                                           (CompanyFactory, "investors")])  # fmt: skip
def test_renaming_an_industry_or_a_company_reindexes_its_projects(
    client, django_capture_on_commit_callbacks, factory, field
):
    named = factory(name="旧名称甲乙")
    project = ProjectFactory(name="测试项目")
    getattr(project, field).add(named)
    named.name = "霜松新名"
    with django_capture_on_commit_callbacks(execute=True):
        named.save()
    assert project.get_absolute_url() in found(client, "霜松新名")


def test_a_rename_is_indexed_in_one_batch_task_not_row_by_row(
    django_capture_on_commit_callbacks, monkeypatch
):
    for n in range(3):
        ProjectFactory(name=f"测试项目{n}")
    tasks = []
    fake = SimpleNamespace(enqueue=lambda *args: tasks.append(args))
    monkeypatch.setattr(indexing, "index_rows", fake)
    changchun = Region.objects.get(slug="changchun")
    changchun.name = "春城市"
    with django_capture_on_commit_callbacks(execute=True):
        changchun.save()
    assert len(tasks) == 1 and tasks[0][0] == "project" and len(tasks[0][1]) == 3


def test_a_new_name_reaches_a_dictionary_loaded_before_it(db):
    """As in another process: it loaded the names a moment ago; a name saved since is in its
    dictionary at its next search, not a minute later."""
    indexing.load_vocabulary(force=True)
    assert len(query.parse("霜湖冰雕").groups) > 1  # cut into pieces: not a known name
    IndustryFactory(name="霜湖冰雕")  # the save marks the names changed for every process
    assert query.parse("霜湖冰雕").groups[0][0] == ["霜湖冰雕"]
    assert text.query_words("霜湖冰雕") == ["霜湖冰雕"]


@pytest.mark.parametrize(
    "resource,rows",
    [
        ("companies", [["企业名称"], ["雾岭冰灯"]]),  # a company imported
        ("events", [["活动名称", "活动类型", "发布状态"], ["松砚雪节", "大会", "草稿"]]),  # an event imported
        # a company created for a project's investor the import did not find
        ("projects", [["项目编号", "项目名称", "所在地区", "投资方"], ["P1", "测试项目", "长春", "渔湖石舫"]]),
    ],
)  # fmt: skip
def test_a_name_an_import_adds_reaches_a_dictionary_loaded_before_it(
    tmp_path, django_capture_on_commit_callbacks, resource, rows
):
    """The bulk path sends no post_save: without word of the new name, a process that loaded
    its names before the import kept cutting it into pieces (and its worker indexed the
    imported rows so) until the next save of a name. (A name per case: a dictionary keeps
    the words it was given.)"""
    name = rows[1][-1] if resource == "projects" else rows[1][0]
    indexing.load_vocabulary(force=True)
    assert query.parse(name).groups[0][0] != [name]  # cut into pieces: not a known name
    path = tmp_path / "导入.csv"
    path.write_bytes(csv_bytes(rows))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data", resource, str(path), stdout=None)
    assert query.parse(name).groups[0][0] == [name]


@pytest.mark.parametrize("factory,field", [(IndustryFactory, "industries"),
                                           (CompanyFactory, "investors")])  # fmt: skip
def test_deleting_an_industry_or_a_company_reindexes_its_projects(
    client, django_capture_on_commit_callbacks, factory, field
):
    named = factory(name="霜松旧名")
    project = ProjectFactory(name="测试项目")
    getattr(project, field).add(named)
    assert project.get_absolute_url() in found(client, "霜松旧名")
    with django_capture_on_commit_callbacks(execute=True):
        named.delete()
    assert "霜松旧名" not in Document.objects.get(object_id=project.pk, kind="project").body
    assert project.get_absolute_url() not in found(client, "霜松旧名")
    assert project.get_absolute_url() in found(client, "测试项目")
