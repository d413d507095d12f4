"""With Redis down the public site still answers: the production cache logs and ignores
connection errors, and sessions live in the database."""

import pytest
from django.core.cache import cache

from articles.models import Article
from jlsite.settings.base import redis_cache
from projects.models import Event, Project

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(DOWN)}


def test_cache_calls_find_nothing_and_log_the_error(redis_down, caplog):
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get_or_set("other", "fresh") == "fresh"
    assert not cache.delete("key")
    assert any(r.name == "django_redis.cache" and r.exc_info for r in caplog.records)


def test_public_pages_answer_while_redis_is_down(demo, redis_down, client):
    pages = [
        "/",
        "/projects/",
        "/projects/?region=changchun&ordering=-investment",
        Project.objects.published().first().get_absolute_url(),
        "/events/",
        Event.objects.published().first().get_absolute_url(),
        "/regions/changchun/",
        "/industries/",
        "/articles/",
        Article.objects.published().first().get_absolute_url(),
        "/articles/feed/",
        "/sitemap.xml",
        "/projects/export.csv",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_staff_log_in_while_redis_is_down(redis_down, client, editor_user):
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "pw"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
