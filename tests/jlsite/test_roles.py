import pytest
from django.contrib.auth.models import Group

from spreadsheets import registry

pytestmark = pytest.mark.django_db


def perms(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_editors_curate_content_but_neither_delete_nor_bulk_load():
    editor = perms("编辑")
    assert {"add_project", "change_article", "change_policy", "view_region"} <= editor
    assert not {p for p in editor if p.startswith(("delete_", "import_", "export_"))}
    assert "change_region" not in editor


def test_data_staff_import_and_export_every_registered_resource():
    staff = perms("数据专员")
    for model in registry.models():
        name = model._meta.model_name
        assert {f"import_{name}", f"export_{name}", f"view_{name}"} <= staff


def test_the_eight_spreadsheet_resources_are_registered_under_their_command_names():
    assert sorted(registry.names()) == sorted(
        ["projects", "signings", "events", "companies", "policies", "measures", "articles",
         "statistics"]
    )  # fmt: skip
    assert {m._meta.label for m in registry.models()} == {
        "projects.Project", "projects.Signing", "projects.Event", "projects.Company",
        "projects.Statistic", "articles.Article", "articles.Policy", "articles.PolicyMeasure",
    }  # fmt: skip
