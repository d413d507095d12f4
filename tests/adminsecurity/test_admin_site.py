"""The admin's address, its headers and how long a staff session lasts."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.jlsite.test_settings import manage

pytestmark = pytest.mark.django_db

WHERE_IS_THE_ADMIN = """
from django.test import Client
from django.urls import Resolver404, resolve, reverse
try:
    old = resolve("/admin/").namespace
except Resolver404:
    old = "404"
robots = Client().get("/robots.txt").content.decode()
print(reverse("admin:index"), reverse("two_factor:setup"), old, "desk" in robots, sep="|")
"""


def test_admin_url_moves_the_admin_and_robots_txt_does_not_name_it():
    env = {"DJANGO_SETTINGS_MODULE": "jlsite.settings.test", "ADMIN_URL": "/desk-7f3k"}
    result = manage("shell", "-c", WHERE_IS_THE_ADMIN, env=env)
    assert result.returncode == 0, result.stderr
    index, setup, old, named = result.stdout.strip().splitlines()[-1].split("|")
    assert index == "/desk-7f3k/" and setup == "/desk-7f3k/two-factor/setup/"
    assert old != "admin"
    assert named == "False"


def test_an_unusable_admin_url_stops_the_start_in_chinese():
    result = manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "jlsite.settings.test", "ADMIN_URL": "/"}
    )
    assert result.returncode != 0 and "ADMIN_URL 不是可用的路径前缀" in result.stderr


def test_admin_pages_are_not_indexed_and_carry_their_own_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]  # scripts only from our files
    assert policy["style-src"] == "'self' 'unsafe-inline'"  # the editor's inline styles
    login = admin_client.get(reverse("admin:login"))
    assert login["X-Robots-Tag"] == "noindex, nofollow"


def test_public_pages_are_indexed(client):
    assert "X-Robots-Tag" not in client.get("/").headers


def test_a_staff_session_lasts_a_working_day_from_the_last_request(admin_client):
    assert admin_client.session.get_expiry_age() == 8 * 60 * 60
    session = Session.objects.get()
    # An hour idle, then one more page: the eight hours count again from now.
    Session.objects.update(expire_date=session.expire_date - timedelta(hours=1))
    admin_client.get(reverse("admin:index"))
    renewed = Session.objects.get().expire_date
    assert renewed - timezone.now() > timedelta(hours=7, minutes=59)


def test_an_idle_session_ends(admin_client):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_visitors_get_no_session(client, demo):
    for path in ("/", "/projects/", "/articles/"):
        assert "sessionid" not in client.get(path).cookies
    assert not Session.objects.exists()
