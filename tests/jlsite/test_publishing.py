from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from jlsite.publishing import PublicationStatus
from projects.models import Project
from richtext.html import sanitize_html
from tests.articles.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_drafts_and_scheduled_content_are_not_published():
    public = ProjectFactory()
    ProjectFactory(draft=True)
    ProjectFactory(published_at=timezone.now() + timedelta(hours=1))  # scheduled
    assert list(Project.objects.published()) == [public]


def test_publishing_without_a_time_stamps_now():
    project = ProjectFactory(draft=True)
    project.status = PublicationStatus.PUBLISHED
    project.save()
    assert project.published_at is not None
    assert project.is_public


def test_article_body_is_sanitised_when_saved():
    article = ArticleFactory(
        body='<p onclick="steal()">正文<script>alert(1)</script></p><a href="javascript:x">链接</a>'
    )
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "正文" in article.body


def test_article_body_is_sanitised_on_bulk_insert():
    channel = ArticleFactory().channel
    Article.objects.bulk_create(
        [Article(title="批量", channel=channel, body="<img src=x onerror=alert(1)>")]
    )
    assert "onerror" not in Article.objects.get(title="批量").body


def test_sanitiser_keeps_ordinary_formatting():
    html = '<h2>政策要点</h2><p>第一条<strong>重点</strong></p><table><tr><td colspan="2">表</td></tr></table>'
    cleaned = sanitize_html(html)
    assert "<h2>政策要点</h2>" in cleaned
    assert "<strong>重点</strong>" in cleaned
    assert 'colspan="2"' in cleaned
