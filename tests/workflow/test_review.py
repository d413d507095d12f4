"""Each role against each step of review, in the form, the actions, the import and posts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from jlsite.publishing import PublicationStatus as S
from projects.models import Statistic
from spreadsheets.reports import summary_lines
from tests.articles.factories import ArticleFactory
from tests.conftest import sign_in
from tests.pages import main_text
from tests.richtext.admin_forms import form_data
from tests.spreadsheet_files import import_rows
from workflow import registry
from workflow.models import Review, Step

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"
STATISTIC_HEADERS = ["指标", "地区", "年份", "起始月", "截止月", "数值", "单位", "发布状态"]
STATISTIC_ROW = ["招商引资到位资金", "全省", "2022", "1", "7", "1500", "亿元"]


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **fields):
    page = client.get(change(article))
    return client.post(change(article), form_data(page, **fields))


def status(article):
    article.refresh_from_db()
    return article.status


def act(client, action, *articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(reverse(CHANGELIST), data)


@pytest.fixture
def editor(client, editor_user):
    return sign_in(client, editor_user)


@pytest.fixture
def reviewer(client, reviewer_user):
    return sign_in(client, reviewer_user)


def test_publishing_is_a_permission_of_its_own_held_by_reviewers_only():
    codenames = {f"publish_{m._meta.model_name}" for m in registry.models()}
    assert codenames == {f"publish_{n}" for n in ("project", "event", "statistic", "article",
                                                  "policy")}  # fmt: skip
    held = {
        role: set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        for role in ("编辑", "审核", "数据专员")
    }
    assert codenames <= held["审核"]
    assert not codenames & (held["编辑"] | held["数据专员"])


def test_an_editor_submits_but_cannot_publish_by_posting_the_field(editor, editor_user):
    article = ArticleFactory(draft=True)
    page = editor.get(change(article))
    options = main_text(page)
    assert "待审核" in options
    refused = save(editor, article, status=S.PUBLISHED)
    assert refused.status_code == 200 and "选择一个有效的选项" in refused.text
    assert status(article) == S.DRAFT
    assert save(editor, article, status=S.PENDING).status_code == 302
    assert status(article) == S.PENDING
    assert Review.objects.for_object(article).get().step == Step.SUBMIT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_editors_change_to_published_content_goes_back_to_review(editor):
    article = ArticleFactory(title="已发布的文章")
    response = save(editor, article, title="改过的标题")
    assert response.status_code == 302
    assert status(article) == S.PENDING
    assert article.title == "改过的标题"
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_reviewer_publishes_and_returns_with_a_reason_the_author_sees(
    client, editor_user, reviewer_user
):
    article = ArticleFactory(draft=True, title="待审文章")
    sign_in(client, editor_user)
    save(client, article, status=S.PENDING)
    sign_in(client, reviewer_user)
    assert "待我审核" in main_text(client.get(reverse("admin:index")))
    refused = save(client, article, status=S.RETURNED)
    assert refused.status_code == 200 and "退回时请填写理由" in refused.text
    save(client, article, status=S.RETURNED, review_reason="数据来源请写全称")
    assert status(article) == S.RETURNED
    returned = Review.objects.for_object(article).filter(step=Step.RETURN).get()
    assert returned.author == editor_user and returned.actor == reviewer_user

    sign_in(client, editor_user)
    home = main_text(client.get(reverse("admin:index")))
    assert "被退回" in home and "待我审核" not in home
    listed = client.get(reverse(CHANGELIST), {"review": "returned_to_me"})
    assert "待审文章" in main_text(listed)
    assert "数据来源请写全称" in main_text(client.get(change(article)))
    save(client, article, status=S.PENDING)
    sign_in(client, reviewer_user)
    save(client, article, status=S.PUBLISHED)
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("action", ["publish", "send_back", "withdraw"])
def test_editors_post_reviewer_actions_in_vain(editor, action):
    pending, published = ArticleFactory(status=S.PENDING), ArticleFactory()
    act(editor, action, pending, published, reason="理由", post="yes")
    assert (status(pending), status(published)) == (S.PENDING, S.PUBLISHED)
    assert not Review.objects.exists()


def test_editors_submit_by_action(editor):
    draft, published = ArticleFactory(draft=True), ArticleFactory()
    act(editor, "submit", draft, published)
    assert (status(draft), status(published)) == (S.PENDING, S.PUBLISHED)


def test_reviewers_publish_return_and_withdraw_by_action_with_reasons(reviewer, reviewer_user):
    first, second = ArticleFactory(status=S.PENDING), ArticleFactory(status=S.PENDING)
    act(reviewer, "publish", first)
    assert status(first) == S.PUBLISHED
    assert Article.objects.published().filter(pk=first.pk).exists()

    asked = act(reviewer, "withdraw", first)
    assert asked.status_code == 200 and "撤回理由" in asked.text
    act(reviewer, "withdraw", first, post="yes", reason="")
    assert status(first) == S.PUBLISHED
    act(reviewer, "withdraw", first, post="yes", reason="数据有误，待核实")
    assert status(first) == S.DRAFT
    withdrawn = Review.objects.for_object(first).get(step=Step.WITHDRAW)
    assert withdrawn.reason == "数据有误，待核实" and withdrawn.actor == reviewer_user
    notes = reviewer.get(reverse("admin:workflow_review_changelist"))
    assert "数据有误，待核实" in main_text(notes)
    assert reviewer.get(reverse("admin:workflow_review_add")).status_code == 403

    act(reviewer, "send_back", second, post="yes", reason="缺少图片说明")
    assert status(second) == S.RETURNED


def test_a_reviewer_withdrawing_in_the_form_gives_a_reason(reviewer):
    article = ArticleFactory()
    assert save(reviewer, article, status=S.DRAFT).status_code == 200
    assert status(article) == S.PUBLISHED
    save(reviewer, article, status=S.DRAFT, review_reason="政策已废止")
    assert status(article) == S.DRAFT


def test_superusers_hold_every_step(admin_client):
    article = ArticleFactory(draft=True)
    assert save(admin_client, article, status=S.PUBLISHED).status_code == 302
    assert status(article) == S.PUBLISHED


def test_data_staff_imports_of_published_rows_become_submissions(data_staff_user, reviewer_user):
    from projects.resources import StatisticResource

    resource = StatisticResource()
    rows = [STATISTIC_HEADERS, [*STATISTIC_ROW, "已发布"]]
    result = import_rows(resource, rows, user=data_staff_user)
    assert result.ok
    assert Statistic.objects.get().status == S.PENDING
    assert not Statistic.objects.published().exists()
    assert any("没有发布权限" in line for line in summary_lines(resource, result))

    result = import_rows(StatisticResource(), rows, user=reviewer_user)
    assert Statistic.objects.get().status == S.PENDING  # their own import: another reviewer
    assert any("不能审核自己提交的内容" in line for line in summary_lines(resource, result))
    Statistic.objects.update(status=S.PUBLISHED)

    changed = [STATISTIC_HEADERS, [*STATISTIC_ROW[:5], "1600", "亿元", ""]]
    result = import_rows(StatisticResource(), changed, user=data_staff_user)
    assert Statistic.objects.get().status == S.PENDING  # a change to published content: review
    assert ("发布状态", "已发布", "待审核") in result.rows[0].changes


ROLES = {
    "编辑": ("editor_user", [S.DRAFT, S.PENDING]),
    "数据专员": ("data_staff_user", [S.DRAFT, S.PENDING]),
    "审核": ("reviewer_user", [S.DRAFT, S.PENDING, S.RETURNED, S.PUBLISHED]),
    "管理员": ("admin_user", [S.DRAFT, S.PENDING, S.RETURNED, S.PUBLISHED]),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_the_states_it_may_choose(client, request, role):
    fixture, offered = ROLES[role]
    sign_in(client, request.getfixturevalue(fixture))
    form = client.get(change(ArticleFactory(draft=True))).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == offered
    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    reviewer_actions = {"publish", "send_back", "withdraw"}
    names = {name for name, _ in actions}
    assert "submit" in names
    assert (reviewer_actions & names) == (reviewer_actions if S.PUBLISHED in offered else set())


def test_restoring_needs_the_change_permission(client, django_user_model):
    from reversion.models import Version

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(*Group.objects.get(name="数据专员").permissions.filter(
        codename="view_article"
    ))  # fmt: skip
    article = ArticleFactory(title="原标题")
    from workflow import history

    with history.revision(None, "测试"):
        history.add([article])
    version = Version.objects.get_for_object(article).get()
    sign_in(client, viewer)
    restore = reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    assert client.post(restore).status_code == 403


def test_a_reviewers_own_submission_is_not_waiting_for_them(client, reviewer_user, settings):
    article = ArticleFactory(draft=True, title="审核员自己写的文章")
    sign_in(client, reviewer_user)
    save(client, article, status=S.PENDING)
    assert status(article) == S.PENDING
    assert "待我审核" not in main_text(client.get(reverse("admin:index")))  # another reviewer's
    settings.WORKFLOW_ALLOW_SELF_APPROVAL = True  # one reviewer: their own submissions wait
    assert "待我审核" in main_text(client.get(reverse("admin:index")))
