"""/healthz and /readyz: what a load balancer sees, including when a dependency is down."""

import json

import pytest
from django.db import OperationalError, connections

from jlsite.settings.base import redis_cache

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


def test_probes_answer_a_balancer_that_uses_an_ip_address_over_plain_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        response = client.get(path, headers={"host": "10.0.0.7:8000"})
        assert response.status_code == 200, path


def test_readyz_reports_database_and_cache_and_nothing_else(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }


def test_readyz_answers_503_when_the_database_is_down(client, db, monkeypatch, caplog):
    def refuse():
        raise OperationalError('connection to server at "db.internal" failed: password=s3cret')

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "checks": {"database": "error", "cache": "ok"},
    }
    assert b"db.internal" not in response.content and b"s3cret" not in response.content
    assert "database default does not answer" in caplog.text


def test_readyz_answers_503_when_redis_is_down(client, db, settings, caplog):
    settings.CACHES = {"default": redis_cache(DOWN)}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "cache": "error"}
    assert "cache did not keep a value" in caplog.text


def test_readyz_answers_503_when_the_cache_backend_raises(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.serving.caches.UnreachableCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "cache": "error"}
    assert b"10.0.0.9" not in response.content


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_read_only(client, path):
    assert client.post(path).status_code == 404
