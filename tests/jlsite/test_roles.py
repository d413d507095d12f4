import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def perms(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_editors_curate_content_but_neither_delete_nor_bulk_load():
    editor = perms("编辑")
    assert {"add_project", "change_article", "change_policy", "view_region"} <= editor
    assert not {p for p in editor if p.startswith(("delete_", "import_", "export_"))}
    assert "change_region" not in editor


def test_data_staff_import_and_export_the_eight_spreadsheet_resources():
    staff = perms("数据专员")
    for model in (
        "project",
        "signing",
        "event",
        "company",
        "policy",
        "policymeasure",
        "article",
        "statistic",
    ):
        assert {f"import_{model}", f"export_{model}"} <= staff
