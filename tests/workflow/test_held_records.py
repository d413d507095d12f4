"""A project's milestones and signings and a policy's measures are recorded with it (reversion's
`follow`), wherever they are edited, and restoring a version puts them back."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from reversion.models import Version

from jlsite.publishing import PublicationStatus as S
from projects.models import Milestone, Project, Signing
from tests.articles.factories import PolicyFactory, PolicyMeasureFactory
from tests.conftest import sign_in
from tests.projects.factories import MilestoneFactory, ProjectFactory, SigningFactory
from tests.richtext.admin_forms import form_data
from workflow import history

pytestmark = pytest.mark.django_db


def admin_url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk, *args])


def save(client, obj, **fields):
    page = client.get(admin_url(obj, "change"))
    response = client.post(admin_url(obj, "change"), form_data(page, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def held(version):
    return {(v._model.__name__, v.object_repr) for _, _, v in history.held_versions(version)}


def restore(client, obj, version):
    client.post(admin_url(obj, "restore", version.pk))
    obj.refresh_from_db()


@pytest.fixture
def editor(client, editor_user):
    return sign_in(client, editor_user)


def test_a_projects_versions_hold_its_milestones_and_signings_and_restore_them(
    client, admin_user, editor_user
):
    project = ProjectFactory(name="储能电站项目")
    MilestoneFactory(project=project, date=date(2022, 3, 1), description="开工")
    SigningFactory(project=project, event=None, contract_investment=Decimal("5"))
    sign_in(client, admin_user)  # editors may not delete
    save(client, project)  # the version to go back to
    (first,) = history.versions(project)
    assert {name for name, _ in held(first)} == {"Milestone", "Signing"}

    save(client, project, **{
        "milestones-0-DELETE": "on", "signings-0-contract_investment": "8",
    })  # fmt: skip
    assert not project.milestones.exists()
    assert project.signings.get().contract_investment == Decimal("8")
    later = MilestoneFactory(project=project, description="后来加的进展")

    sign_in(client, editor_user)
    restore(client, project, first)
    assert list(project.milestones.values_list("description", flat=True)) == ["开工"]
    assert not Milestone.objects.filter(pk=later.pk).exists()
    assert project.signings.get().contract_investment == Decimal("5")
    assert project.status == S.PENDING  # an editor's restore is a submission
    assert project.first_signed_on == project.signings.get().signed_on


def test_a_changed_milestone_comes_back_as_it_was(editor):
    project = ProjectFactory()
    milestone = MilestoneFactory(project=project, description="开工")
    save(editor, project)
    first = history.versions(project).get()
    save(editor, project, **{"milestones-0-description": "改坏了"})
    restore(editor, project, first)
    milestone.refresh_from_db()
    assert milestone.description == "开工"


def test_a_policys_versions_hold_its_measures_and_restore_them(client, admin_user, editor_user):
    policy = PolicyFactory()
    first_measure = PolicyMeasureFactory(policy=policy, number=1, text="原条款一")
    PolicyMeasureFactory(policy=policy, number=2, text="原条款二")
    sign_in(client, admin_user)
    save(client, policy)
    (first,) = history.versions(policy)
    assert len(held(first)) == 2

    save(client, policy, **{"measures-0-text": "改过的条款一", "measures-1-DELETE": "on"})
    assert list(policy.measures.values_list("text", flat=True)) == ["改过的条款一"]

    sign_in(client, editor_user)
    restore(client, policy, first)
    assert list(policy.measures.values_list("number", "text")) == [(1, "原条款一"),
                                                                   (2, "原条款二")]  # fmt: skip
    assert policy.measures.get(number=1).pk == first_measure.pk
    assert policy.status == S.PENDING


@pytest.mark.parametrize(
    "factory, holder",
    [(MilestoneFactory, "project"), (SigningFactory, "project"), (PolicyMeasureFactory, "policy")],
)
def test_edits_in_their_own_admin_are_a_version_of_the_record_holding_them(editor, factory, holder):
    record = factory()
    parent = getattr(record, holder)
    page = editor.get(admin_url(record, "change"))
    assert editor.post(admin_url(record, "change"), form_data(page)).status_code == 302
    version = history.versions(parent).get()
    assert version.revision.comment == f"后台修改{record._meta.verbose_name}"
    assert (type(record).__name__, str(record)) in held(version)


def test_deleting_a_milestone_in_its_own_admin_is_recorded_on_the_project(admin_client):
    milestone = MilestoneFactory(description="要删的进展")
    project = milestone.project
    admin_client.post(admin_url(milestone, "delete"), {"post": "yes"})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    version = history.versions(project).get()
    assert version.revision.comment.startswith("后台删除项目进展")
    assert held(version) == set()


def test_an_import_records_each_projects_signings_with_it():
    project = ProjectFactory()
    SigningFactory(project=project, event=None)
    history.record_import(Project, [project.pk], source="表格导入 项目.xlsx")
    version = history.versions(project).get()
    assert {name for name, _ in held(version)} == {"Signing"}
    assert Version.objects.get_for_model(Signing).count() == 1


# A change in a held record's own admin is a change of what the public reads of its holder:
# it is reviewed like an edit of the holder itself.


@pytest.mark.parametrize(
    "factory, holder",
    [(MilestoneFactory, "project"), (SigningFactory, "project"), (PolicyMeasureFactory, "policy")],
)
def test_an_editors_change_to_a_published_holders_record_sends_the_holder_to_review(
    editor, factory, holder
):
    record = factory()
    parent = getattr(record, holder)
    assert parent.status == S.PUBLISHED
    page = editor.get(admin_url(record, "change"))
    response = editor.post(admin_url(record, "change"), form_data(page), follow=True)
    parent.refresh_from_db()
    assert parent.status == S.PENDING
    assert "整条内容已提交审核" in response.content.decode()


def test_a_reviewer_may_not_approve_their_own_change_to_a_held_record(client, reviewer_user):
    milestone = MilestoneFactory()
    sign_in(client, reviewer_user)
    page = client.get(admin_url(milestone, "change"))
    client.post(admin_url(milestone, "change"), form_data(page, description="改写的进展"))
    milestone.refresh_from_db()
    milestone.project.refresh_from_db()
    assert milestone.description == "改写的进展"
    assert milestone.project.status == S.PENDING  # the two-person rule: someone else publishes


def test_on_a_one_person_site_a_reviewers_change_keeps_the_holder_published(
    client, reviewer_user, self_approval
):
    measure = PolicyMeasureFactory()
    sign_in(client, reviewer_user)
    page = client.get(admin_url(measure, "change"))
    client.post(admin_url(measure, "change"), form_data(page, title="改写的条款"))
    measure.refresh_from_db()
    measure.policy.refresh_from_db()
    assert measure.title == "改写的条款"
    assert measure.policy.status == S.PUBLISHED


def test_deleting_a_published_projects_milestone_sends_the_project_to_review(editor, admin_client):
    milestone = MilestoneFactory()
    admin_client.post(admin_url(milestone, "delete"), {"post": "yes"})
    milestone.project.refresh_from_db()
    assert milestone.project.status == S.PENDING  # a superuser too: 三审三校
