"""Every body field is edited in the rich-text editor, and saving tells the editor what the
cleaner removed."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, Policy
from projects.models import Project
from tests.articles.factories import ArticleFactory, PolicyFactory
from tests.projects.factories import ProjectFactory
from tests.richtext.admin_forms import form_data

# A superuser edits published content: on a one-person site it stays published (no review).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("self_approval")]

FACTORIES = {Article: ArticleFactory, Project: ProjectFactory, Policy: PolicyFactory}
BODY_FIELDS = [Article, Project, Policy]
THIRTEEN = "".join(f"<p>第{n}段</p>" for n in range(1, 14))


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def save(client, obj, body):
    page = client.get(change_url(obj))
    response = client.post(change_url(obj), form_data(page, body=body))
    return response


def warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.parametrize("model", BODY_FIELDS, ids=lambda m: m.__name__)
def test_the_body_is_a_textarea_the_editor_takes_over(admin_client, model):
    obj = FACTORIES[model]()
    page = admin_client.get(change_url(obj)).text
    textarea = re.search(r'<textarea name="body"[^>]*>', page)[0]
    upload = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_image_upload")
    assert 'data-richtext="jodit"' in textarea
    assert f'data-upload-url="{upload}?object_id={obj.pk}"' in textarea
    assert "/static/vendor/jodit/jodit.min.js" in page
    assert "/static/js/richtext.js" in page


def test_the_add_page_uploads_without_an_object(admin_client):
    page = admin_client.get(reverse("admin:articles_article_add")).text
    assert 'data-upload-url="/admin/articles/article/image-upload/"' in page


def test_the_editor_needs_no_inline_script(admin_client):
    page = admin_client.get(change_url(ArticleFactory())).text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("model", BODY_FIELDS, ids=lambda m: m.__name__)
def test_saving_says_what_the_cleaner_removed(admin_client, model):
    obj = FACTORIES[model]()
    body = (
        '<p onclick="steal()">导语</p><script>alert(1)</script>'
        '<img src="https://example.com/a.png" alt="外链"><img src="http://example.com/b.png" alt="外链">'
    )
    response = save(admin_client, obj, body)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.body == "<p>导语</p>"
    [warning] = warnings(response)
    assert "已移除：" in warning
    assert "<script> 1 处" in warning
    assert "外部图片 2 张" in warning
    assert "事件属性（onclick） 1 处" in warning


def test_thirteen_paragraphs_after_an_unclosed_style_are_saved_and_reported(admin_client):
    article = ArticleFactory()
    response = save(admin_client, article, "<p>导语</p><style>p { color: red }" + THIRTEEN)
    article.refresh_from_db()
    assert article.body == "<p>导语</p>" + THIRTEEN
    [warning] = warnings(response)
    assert "<style> 1 处" in warning
    assert "修复了没有正确结束的 <style>" in warning


def test_clean_content_saves_without_a_warning(admin_client):
    article = ArticleFactory()
    body = '<h2 id="sec-bei-jing">背景</h2><p>正文<strong>重点</strong></p><img src="/media/editor/a.png" alt="签约现场">'
    response = save(admin_client, article, body)
    assert warnings(response) == []
    article.refresh_from_db()
    assert article.body == body


def test_editor_tables_lose_their_inline_styles_silently(admin_client):
    article = ArticleFactory()
    body = '<table style="border-collapse:collapse;width: 100%;"><tbody><tr><td style="width: 50%;">表格</td></tr></tbody></table>'
    response = save(admin_client, article, body)
    assert warnings(response) == []
    article.refresh_from_db()
    assert article.body == "<table><tbody><tr><td>表格</td></tr></tbody></table>"


def test_an_image_without_alt_text_is_a_form_error_naming_it(admin_client):
    article = ArticleFactory(body="<p>原文</p>")
    body = '<p>新</p><img src="/media/editor/2026/05/abc123.png"><img src="/media/editor/ok.png" alt="有说明">'
    response = save(admin_client, article, body)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert len(errors) == 1
    assert "图片「abc123.png」没有说明文字（alt）" in errors[0]
    article.refresh_from_db()
    assert article.body == "<p>原文</p>"


def test_a_blank_alt_text_counts_as_none(admin_client):
    article = ArticleFactory()
    response = save(admin_client, article, '<img src="/media/editor/blank.png" alt="  ">')
    assert "图片「blank.png」没有说明文字" in response.context["adminform"].form.errors["body"][0]


def test_the_editor_role_gets_the_editor_and_the_report(client, editor_user):
    client.force_login(editor_user)
    project = ProjectFactory()
    response = save(client, project, '<p>介绍</p><iframe src="https://example.com/"></iframe>')
    assert response.status_code == 302
    assert any("<iframe> 1 处" in warning for warning in warnings(response))
