"""三审三校: nobody publishes what they submitted or last wrote, in forms, actions, restores,
imports and direct posts; superusers included, unless WORKFLOW_ALLOW_SELF_APPROVAL."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from jlsite.publishing import PublicationStatus as S
from tests.articles.factories import ArticleFactory
from tests.conftest import sign_in
from tests.projects.factories import MilestoneFactory, ProjectFactory
from tests.richtext.admin_forms import form_data
from workflow.approval import authors

pytestmark = pytest.mark.django_db

REFUSED = "不能审核自己提交的内容，请由另一位审核人员发布"


@pytest.fixture
def second_reviewer(django_user_model):
    user = django_user_model.objects.create_user("reviewer2", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="审核"))
    return user


def change(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def save(client, obj, **fields):
    page = client.get(change(obj))
    return client.post(change(obj), form_data(page, **fields))


def act(client, action, *articles):
    data = {"action": action, "_selected_action": [a.pk for a in articles]}
    return client.post(reverse("admin:articles_article_changelist"), data, follow=True)


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def status(obj):
    obj.refresh_from_db()
    return obj.status


def test_a_reviewer_publishes_an_editors_submission(client, editor_user, reviewer_user):
    first, second = ArticleFactory(draft=True), ArticleFactory(draft=True)
    sign_in(client, editor_user)
    save(client, first, title="编辑写的", status=S.PENDING)
    save(client, second, title="编辑写的另一篇", status=S.PENDING)
    sign_in(client, reviewer_user)
    assert save(client, first, status=S.PUBLISHED).status_code == 302
    assert status(first) == S.PUBLISHED
    response = act(client, "publish", second)
    assert status(second) == S.PUBLISHED and REFUSED not in said(response)


@pytest.mark.parametrize("role", ["reviewer_user", "admin_user"])
def test_nobody_publishes_what_they_submitted(client, request, second_reviewer, role):
    article = ArticleFactory(draft=True)
    sign_in(client, request.getfixturevalue(role))
    act(client, "submit", article)
    assert status(article) == S.PENDING
    response = act(client, "publish", article)
    assert REFUSED in said(response)
    assert status(article) == S.PENDING
    refused = save(client, article, status=S.PUBLISHED)  # the form, posted directly
    assert refused.status_code == 302 and REFUSED in said(refused)
    assert status(article) == S.PENDING
    sign_in(client, second_reviewer)
    act(client, "publish", article)
    assert status(article) == S.PUBLISHED


def test_writing_and_publishing_in_one_save_is_submitting(client, reviewer_user, second_reviewer):
    draft = ArticleFactory(draft=True)
    sign_in(client, reviewer_user)
    response = save(client, draft, title="审核人员自己写的", status=S.PUBLISHED)
    assert REFUSED in said(response)
    assert status(draft) == S.PENDING
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    sign_in(client, second_reviewer)
    save(client, draft, status=S.PUBLISHED)
    assert status(draft) == S.PUBLISHED


def test_a_reviewers_change_to_published_content_waits_for_another(client, reviewer_user):
    article = ArticleFactory(title="已发布")
    sign_in(client, reviewer_user)
    response = save(client, article, title="审核人员改过")
    assert REFUSED in said(response)
    assert status(article) == S.PENDING and article.title == "审核人员改过"
    save(client, article, status=S.PUBLISHED)  # and publishing it afterwards is refused too
    assert status(article) == S.PENDING


def test_a_change_in_an_inline_counts_as_writing(client, reviewer_user):
    project = ProjectFactory()
    MilestoneFactory(project=project, description="开工")
    sign_in(client, reviewer_user)
    save(client, project, **{"milestones-0-description": "全面开工"})
    assert status(project) == S.PENDING
    assert project.milestones.get().description == "全面开工"


def test_the_last_writer_is_read_from_the_history_not_only_the_review_notes(
    client, editor_user, reviewer_user, second_reviewer
):
    """The editor submitted; the reviewer then rewrote the submission without changing its state
    (no review note): the reviewer wrote what would be published."""
    article = ArticleFactory(draft=True)
    sign_in(client, editor_user)
    save(client, article, status=S.PENDING)
    sign_in(client, reviewer_user)
    save(client, article, title="审核人员改写的标题")
    assert status(article) == S.PENDING
    assert authors(article) == {editor_user.pk, reviewer_user.pk}
    assert REFUSED in said(act(client, "publish", article))
    assert status(article) == S.PENDING
    sign_in(client, second_reviewer)
    act(client, "publish", article)
    assert status(article) == S.PUBLISHED


def test_review_steps_do_not_make_the_reviewer_an_author(client, editor_user, reviewer_user):
    article = ArticleFactory(draft=True)
    sign_in(client, editor_user)
    save(client, article, title="编辑的稿子", status=S.PENDING)
    sign_in(client, reviewer_user)
    act(client, "publish", article)
    data = {"action": "withdraw", "_selected_action": [article.pk], "post": "yes"}
    client.post(reverse("admin:articles_article_changelist"), {**data, "reason": "核实数据"})
    assert status(article) == S.DRAFT
    act(client, "publish", article)  # withdrawn by mistake: the reviewer wrote none of it
    assert status(article) == S.PUBLISHED


def test_a_one_person_site_may_allow_self_approval(client, reviewer_user, self_approval):
    draft = ArticleFactory(draft=True)
    sign_in(client, reviewer_user)
    save(client, draft, title="自己写自己发", status=S.PUBLISHED)
    assert status(draft) == S.PUBLISHED
    article = ArticleFactory(draft=True)
    act(client, "submit", article)
    act(client, "publish", article)
    assert status(article) == S.PUBLISHED


def test_the_rule_holds_by_default(settings):
    assert settings.WORKFLOW_ALLOW_SELF_APPROVAL is False
