"""While the database is away, pages answer 503 with Retry-After, not 500."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_page_answers_503_while_the_database_is_away(client, monkeypatch, caplog):
    def away(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr("projects.views.ProjectListView.get_queryset", away)
    client.raise_request_exception = False
    response = client.get("/projects/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "网站暂时出现故障" in response.text
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)


def test_other_errors_are_not_taken_for_an_outage(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("projects.views.ProjectListView.get_queryset", broken)
    client.raise_request_exception = False
    assert client.get("/projects/").status_code == 500
