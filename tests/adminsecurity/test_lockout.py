"""Failed logins: a username is locked out at an address after the threshold, and logged."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def log_in(client, username, password, ip=ATTACKER):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def fail(client, times, username="editor", ip=ATTACKER):
    return [log_in(client, username, "wrong", ip).status_code for _ in range(times)]


def test_the_threshold_is_five_failures_for_thirty_minutes_by_default():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME


def test_wrong_passwords_up_to_the_threshold_lock_the_username_out_here(client, editor_user):
    assert fail(client, 4) == [200] * 4  # the login form again, with its error
    response = log_in(client, "editor", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "连续 5 次登录失败" in page and "登录暂停 30 分钟" in page
    # Even the right password is refused now, and nobody is logged in.
    response = log_in(client, "editor", "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_one_username_at_one_address(client, editor_user, data_staff_user):
    fail(client, 5)
    assert log_in(client, "editor", "pw", ip=OFFICE).status_code == 302  # the editor at work
    client.logout()
    assert log_in(client, "datastaff", "pw").status_code == 302  # another name, same address


def test_the_lockout_ends_after_the_cool_off(client, editor_user):
    fail(client, 5)
    assert log_in(client, "editor", "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = log_in(client, "editor", "pw")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_threshold_is_configurable(client, editor_user):
    assert fail(client, 3) == [200, 200, 429]


def test_failures_and_the_lockout_are_in_the_audit_log(client, editor_user):
    fail(client, 5)
    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    assert failures.count() == 5
    assert set(failures.values_list("username", "ip_address")) == {("editor", ATTACKER)}
    lockout = AuditEvent.objects.get(action=Action.LOCKOUT)
    assert (lockout.username, lockout.ip_address) == ("editor", ATTACKER)
    assert "锁定 30 分钟" in lockout.detail


def test_a_success_before_the_threshold_starts_the_count_again(client, editor_user):
    fail(client, 4)
    assert log_in(client, "editor", "pw").status_code == 302
    client.logout()
    assert fail(client, 4) == [200] * 4
