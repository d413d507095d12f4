import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Policy
from projects.models import Event

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
DOMAIN_MODELS = [m for m in MODELS if m._meta.app_label in ("projects", "articles")]
# Written by the system, never typed in: the audit log and the two-factor devices.


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_domain_model_is_registered():
    labels = {m._meta.label for m in DOMAIN_MODELS}
    assert labels == {
        "projects.Region", "projects.Industry", "projects.Company", "projects.Project",
        "projects.Milestone", "projects.Event", "projects.Signing", "projects.Statistic",
        "articles.Channel", "articles.Article", "articles.Policy", "articles.PolicyMeasure",
    }  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_answer_200(admin_client, admin_user, rf, demo, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "吉林"}).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    addable = admin.site._registry[model].has_add_permission(request)  # records are read-only
    assert admin_client.get(url(model, "add")).status_code == (200 if addable else 403)
    obj = model._default_manager.first()
    if obj is not None:
        assert admin_client.get(url(model, "change", obj.pk)).status_code == 200


def test_admin_is_in_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "吉林招商 管理后台" in response.text
    assert "招商项目" in response.text


def test_event_page_shows_reported_beside_recorded_and_flags_the_mismatch(admin_client, demo):
    event = Event.objects.get(name="第七届全球吉商大会")
    page = admin_client.get(url(Event, "change", event.pk)).text
    assert "公布数字与录入数字对照" in page
    assert "663.02" in page
    assert "⚠ 不一致" in page  # no signings recorded yet against 69 reported


def test_event_changelist_marks_mismatches(admin_client, demo):
    page = admin_client.get(url(Event, "changelist")).text
    assert page.count("⚠ 不一致") == 2


def test_policy_page_shows_completeness(admin_client, demo):
    policy = Policy.objects.get(short_title="扩大开放100条")
    assert "已录入 0 / 100 条" in admin_client.get(url(Policy, "change", policy.pk)).text


def test_autocomplete_answers_for_regions(admin_client, demo):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "长春", "app_label": "projects", "model_name": "project", "field_name": "region"},
    )
    assert response.status_code == 200
    assert "长春市" in {r["text"] for r in response.json()["results"]}


def test_blank_slug_is_filled_from_pinyin_through_the_admin(admin_client):
    from projects.models import Industry

    response = admin_client.post(
        url(Industry, "add"),
        {"name": "数字经济", "slug": "", "tier": "hundred_billion", "order": 1},
    )
    assert response.status_code == 302
    assert Industry.objects.get(name="数字经济").slug == "shu-zi-jing-ji"


def test_published_projects_slug_is_read_only(admin_client, demo):
    from projects.models import Project

    project = Project.objects.get(name="华润中心")
    page = admin_client.get(url(Project, "change", project.pk)).text
    assert 'name="slug"' not in page
    assert project.slug in page


def test_editor_role_can_edit_content_but_not_delete(client, editor_user, demo):
    from projects.models import Project

    client.force_login(editor_user)
    project = Project.objects.first()
    assert client.get(url(Project, "change", project.pk)).status_code == 200
    assert client.get(url(Project, "delete", project.pk)).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_publish_action_publishes_drafts(admin_client):
    from tests.projects.factories import ProjectFactory

    draft = ProjectFactory(draft=True)
    from projects.models import Project

    admin_client.post(
        url(Project, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_public
