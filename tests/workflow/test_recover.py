"""Deleted records can be recovered from the admin, as they last were, through review."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jlsite.publishing import PublicationStatus as S
from projects.models import Project
from tests.articles.factories import ArticleFactory
from tests.conftest import sign_in
from tests.pages import main_text
from tests.projects.factories import MilestoneFactory, ProjectFactory
from workflow import history
from workflow.models import Review, Step

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def delete(client, obj):
    response = client.post(url(type(obj), "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302


def recover(client, model, pk):
    version = history.deleted(model).get(object_id=str(pk))
    return client.post(url(model, "recover", version.pk), follow=True)


def test_an_editor_recovers_a_deleted_project_with_its_milestones_for_review(
    client, admin_user, editor_user
):
    project = ProjectFactory(name="被误删的项目")
    MilestoneFactory(project=project, description="开工")
    pk = project.pk
    sign_in(client, admin_user)
    delete(client, project)  # never edited before: deleting keeps a last version
    assert not Project.objects.filter(pk=pk).exists()

    sign_in(client, editor_user)
    changelist = client.get(url(Project, "changelist"))
    assert "已删除记录" in main_text(changelist)
    listed = client.get(url(Project, "recoverlist"))
    assert "被误删的项目" in main_text(listed)
    version = history.deleted(Project).get()
    page = main_text(client.get(url(Project, "recover", version.pk)))
    assert "一并恢复" in page and "开工" in page and "待审核" in page

    response = recover(client, Project, pk)
    assert "已恢复" in main_text(response)
    recovered = Project.objects.get(pk=pk)
    assert recovered.status == S.PENDING
    assert list(recovered.milestones.values_list("description", flat=True)) == ["开工"]
    assert Review.objects.for_object(recovered).get().step == Step.RESTORE
    assert history.versions(recovered)[0].revision.user == editor_user
    assert not history.deleted(Project).exists()
    assert "没有可以恢复" in main_text(client.get(url(Project, "recoverlist")))


def test_records_deleted_by_the_bulk_action_can_be_recovered(admin_client, editor_user, client):
    first, second = ArticleFactory(title="甲"), ArticleFactory(title="乙")
    admin_client.post(
        url(type(first), "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert history.deleted(type(first)).count() == 2


def test_a_publisher_recovers_published_content_as_a_submission(admin_client):
    """Superusers too: who recovers wrote what comes back (reviewers cannot add, so cannot
    recover)."""
    client = admin_client
    published, draft = ProjectFactory(), ProjectFactory(draft=True)
    delete(client, published)
    delete(client, draft)
    response = recover(client, Project, published.pk)
    assert "不能审核自己提交的内容" in main_text(response)
    assert Project.objects.get(pk=published.pk).status == S.PENDING
    recover(client, Project, draft.pk)
    assert Project.objects.get(pk=draft.pk).status == S.DRAFT


def test_on_a_one_person_site_the_publisher_recovers_it_published(admin_client, self_approval):
    project = ProjectFactory()
    delete(admin_client, project)
    recover(admin_client, Project, project.pk)
    assert Project.objects.get(pk=project.pk).status == S.PUBLISHED


def test_recovering_needs_the_add_and_change_permissions(client, admin_user, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.groups.add(Group.objects.get(name="审核"))  # change and view, no add
    project = ProjectFactory()
    sign_in(client, admin_user)
    delete(client, project)
    sign_in(client, viewer)
    assert "已删除记录" not in main_text(client.get(url(Project, "changelist")))
    assert client.get(url(Project, "recoverlist")).status_code == 403
    assert recover(client, Project, project.pk).status_code == 403
    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_recovery_the_database_refuses_says_why(admin_client):
    project = ProjectFactory(code="JL-001")
    delete(admin_client, project)
    ProjectFactory(code="JL-001")  # the code was given to another project since
    response = recover(admin_client, Project, project.pk)
    assert response.status_code == 200
    assert "无法恢复" in main_text(response)
    assert not Project.objects.filter(pk=project.pk).exists()
    assert history.deleted(Project).filter(object_id=str(project.pk)).exists()
