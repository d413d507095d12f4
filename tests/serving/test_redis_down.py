"""With Redis down the public site still answers: the production cache logs and ignores
connection errors (once per interval, skipping Redis meanwhile), and sessions live in the
database."""

import socket
import threading

import pytest
from django.core.cache import cache
from django_redis.client import DefaultClient

from articles.models import Article
from jlsite.settings.base import redis_cache
from pagecache.versions import bump, content_version, memoize
from projects.models import Event, Project
from serving import cache as breaker_module

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(DOWN)}


def test_cache_calls_find_nothing_and_log_the_error(redis_down, caplog):
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get_or_set("other", "fresh") == "fresh"
    assert not cache.delete("key")
    assert any(r.name == "serving.cache" and r.exc_info for r in caplog.records)


@pytest.fixture
def redis_calls(monkeypatch):
    """How many calls reached django-redis's client (and so tried the network)."""
    calls = []
    real_get = DefaultClient.get

    def counted_get(self, *args, **kwargs):
        calls.append(args)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(DefaultClient, "get", counted_get)
    return calls


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(breaker_module.time, "monotonic", lambda: now[0])
    return now


def test_after_a_failure_the_process_skips_redis_for_a_few_seconds(redis_down, redis_calls, clock):
    assert cache.get("key") is None
    assert len(redis_calls) == 1
    assert not cache.available
    for _ in range(20):
        assert cache.get("key", "default") == "default"
    assert len(redis_calls) == 1  # skipped: no connection attempt per call
    clock[0] += 6  # the breaker's 5 seconds are over: Redis is tried again
    assert cache.get("key") is None
    assert len(redis_calls) == 2


def test_the_failure_is_logged_once_per_interval(redis_down, clock, caplog):
    for _ in range(4):  # at 0, 2, 4 and 6 seconds
        for _ in range(10):
            cache.get("key")
            cache.set("key", "value")
        clock[0] += 2
    logged = [r for r in caplog.records if r.name == "serving.cache"]
    assert len(logged) == 2  # at 0 s and after 6 s; the calls between were skipped quietly
    assert logged[0].exc_info and "skips the cache" in logged[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django_redis.cache"]


def test_figures_are_remembered_in_the_process_while_redis_is_down(
    redis_down, db, django_assert_num_queries
):
    computed = []

    def count():
        computed.append(1)
        return 42

    assert memoize("figure", count) == 42
    with django_assert_num_queries(0):  # no version looked up in the database either
        assert content_version() is None
        assert memoize("figure", count) == 42
    assert len(computed) == 1
    bump()  # a change made in this process shows at once
    assert memoize("figure", count) == 42
    assert len(computed) == 2


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


@pytest.fixture
def not_redis(settings):
    """Something that is not Redis (an HTTP server) on REDIS_URL's port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def answer():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(1024)
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")}
    yield
    listener.close()


def test_a_server_that_is_not_redis_counts_as_redis_down(not_redis, client, db):
    assert cache.get("key", "default") == "default"
    assert not cache.available
    assert client.get("/").status_code == 200
