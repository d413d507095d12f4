import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
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


def autocomplete_fields(model_admin):
    """(model, field) for every autocomplete on a model's change form, inlines included."""
    found = [(model_admin.model, name) for name in model_admin.autocomplete_fields]
    for inline in model_admin.inlines:
        found += [(inline.model, name) for name in inline.autocomplete_fields]
    return found


IMPORTABLE_AUTOCOMPLETES = [
    pair for model in registry.models() for pair in autocomplete_fields(admin.site._registry[model])
]


@pytest.mark.parametrize(
    ("model", "field"),
    IMPORTABLE_AUTOCOMPLETES,
    ids=lambda x: x if isinstance(x, str) else x._meta.label,
)
def test_data_staff_can_pick_whatever_the_importable_models_forms_reference(
    client, data_staff_user, demo, model, field
):
    client.force_login(data_staff_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
         "field_name": field},
    )  # fmt: skip
    assert response.status_code == 200  # 403 shows as “无法载入结果” beside the field
    target = model._meta.get_field(field).related_model
    if target._default_manager.exists():
        assert response.json()["results"]


def test_data_staff_add_an_article_in_a_channel_through_the_admin(client, data_staff_user, demo):
    """As in the browser: the channel is picked from the autocomplete, then the form saved."""
    client.force_login(data_staff_user)
    add = reverse("admin:articles_article_add")
    assert client.get(add).status_code == 200
    picked = client.get(
        reverse("admin:autocomplete"),
        {"term": "政策", "app_label": "articles", "model_name": "article",
         "field_name": "channel"},
    )  # fmt: skip
    assert picked.status_code == 200
    [choice] = picked.json()["results"]
    assert choice["text"] == "政策解读"
    response = client.post(
        add,
        {"title": "数据专员录入的文章", "channel": choice["id"], "status": "draft",
         "body": "<p>正文</p>"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Article.objects.get(title="数据专员录入的文章").channel.name == "政策解读"
