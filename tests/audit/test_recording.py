"""What the audit log records by itself: logins, failures, logouts, roles and permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse

import audit
from audit.actions import Action
from audit.models import AuditEvent
from jlsite.roles import sync_roles
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.20"


def clear():
    """Forget what the fixtures' own setting up recorded."""
    AuditEvent.objects.all().delete()


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def log_in(client, username, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=OFFICE,
        **headers,
    )


def test_a_login_is_recorded_with_user_and_address(client, editor_user):
    assert log_in(client, "editor", "pw").status_code == 302
    (event,) = events(Action.LOGIN)
    assert (event.actor, event.username, event.ip_address) == (editor_user, "editor", OFFICE)


def test_a_failed_login_records_the_username_tried(client, db):
    log_in(client, "no-such-user", "guess")
    (event,) = events(Action.LOGIN_FAILED)
    assert (event.actor, event.username, event.ip_address) == (None, "no-such-user", OFFICE)


def test_a_logout_is_recorded(client, editor_user):
    log_in(client, "editor", "pw")
    client.post(reverse("admin:logout"), REMOTE_ADDR=OFFICE)
    (event,) = events(Action.LOGOUT)
    assert (event.actor, event.ip_address) == (editor_user, OFFICE)


def test_a_forwarded_address_is_ignored_unless_the_proxy_is_trusted(client, editor_user):
    log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="10.9.9.9", HTTP_X_REAL_IP="10.8.8.8")
    assert events(Action.LOGIN_FAILED)[0].ip_address == OFFICE


@override_settings(CLIENT_IP_HEADER="X-Real-IP")
def test_a_trusted_proxy_header_names_the_client(client, editor_user):
    log_in(client, "editor", "wrong", HTTP_X_REAL_IP="203.0.113.9")
    assert events(Action.LOGIN_FAILED)[0].ip_address == "203.0.113.9"


@override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
def test_from_x_forwarded_for_the_address_our_proxy_added_counts(client, editor_user):
    # The client wrote the first address itself; our proxy appended the real one last.
    log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert events(Action.LOGIN_FAILED)[0].ip_address == "203.0.113.9"


def test_joining_and_leaving_roles_is_recorded(editor_user):
    clear()
    reviewers = Group.objects.get(name="审核")
    editor_user.groups.add(reviewers)
    editor_user.groups.remove(Group.objects.get(name="编辑"))
    reviewers.user_set.remove(editor_user)  # from the role's side
    details = [(e.object_repr, e.detail) for e in events(Action.ROLE_CHANGE)]
    assert details == [
        ("editor", "加入角色：审核"),
        ("editor", "移出角色：编辑"),
        ("editor", "移出角色：审核"),
    ]


def test_clearing_roles_is_recorded(editor_user):
    clear()
    editor_user.groups.clear()
    assert [e.detail for e in events(Action.ROLE_CHANGE)] == ["移出角色：编辑"]


def test_a_users_own_permissions_are_recorded(editor_user):
    editor_user.user_permissions.add(Permission.objects.get(codename="delete_project"))
    assert [e.detail for e in events(Action.PERMISSION_CHANGE)] == [
        "增加权限：projects.delete_project"
    ]


def test_staff_superuser_and_active_flags_are_recorded(editor_user, django_user_model):
    clear()
    editor_user.is_superuser = True
    editor_user.save()
    editor_user.is_active = False
    editor_user.save()
    details = [e.detail for e in events(Action.ACCOUNT_CHANGE)]
    assert details == ["超级用户：否 → 是", "启用：是 → 否"]
    django_user_model.objects.create_superuser("root2", password="pw")
    assert events(Action.ACCOUNT_CHANGE)[-1].detail == "新建账号：启用 是，职员 是，超级用户 是"


def test_saving_a_login_time_or_a_plain_account_is_not_a_change(
    client, editor_user, django_user_model
):
    clear()
    log_in(client, "editor", "pw")  # saves last_login
    django_user_model.objects.create_user("visitor", password="pw")
    assert not events(Action.ACCOUNT_CHANGE)


def test_migrate_keeping_the_roles_in_step_is_not_recorded(db):
    Group.objects.get(name="编辑").permissions.clear()
    sync_roles()
    assert not events(Action.PERMISSION_CHANGE)


def test_a_superuser_changing_roles_in_the_admin_is_recorded_as_the_actor(
    admin_client, admin_user, editor_user
):
    clear()
    page = admin_client.get(reverse("admin:auth_user_change", args=[editor_user.pk]))
    assert page.status_code == 200
    reviewers = Group.objects.get(name="审核")
    data = {
        "username": "editor", "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [reviewers.pk], "user_permissions": [],
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
    }  # fmt: skip
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[editor_user.pk]), data, REMOTE_ADDR=OFFICE
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    changes = AuditEvent.objects.exclude(action=Action.LOGIN).order_by("pk")
    assert {(e.action, e.detail) for e in changes} == {
        (Action.ACCOUNT_CHANGE, "超级用户：否 → 是"),
        (Action.ROLE_CHANGE, "移出角色：编辑"),
        (Action.ROLE_CHANGE, "加入角色：审核"),
    }
    assert {(e.actor, e.username, e.ip_address, e.object_repr) for e in changes} == {
        (admin_user, "admin", OFFICE, "editor")
    }


def test_a_role_permission_changed_in_the_admin_is_recorded(admin_client):
    editors = Group.objects.get(name="编辑")
    kept = list(editors.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(codename="delete_article")
    response = admin_client.post(
        reverse("admin:auth_group_change", args=[editors.pk]),
        {"name": "编辑", "permissions": [*kept, extra.pk]},
    )
    assert response.status_code == 302
    (event,) = events(Action.PERMISSION_CHANGE)
    assert (event.object_repr, event.detail) == ("编辑", "增加权限：articles.delete_article")
    assert event.username == "admin"


def test_record_keeps_what_was_acted_on_after_it_is_gone(admin_user):
    project = ProjectFactory(name="将删除的项目")
    event = audit.record(audit.Action.DELETE, actor=admin_user, obj=project, detail="重复录入")
    project.delete()
    event.refresh_from_db()
    assert (event.content_type.model, event.object_repr, event.detail) == (
        "project",
        "将删除的项目",
        "重复录入",
    )
    assert event.object_id and event.username == "admin" and event.ip_address is None


def test_record_refuses_an_unknown_action(db):
    with pytest.raises(ValueError):
        audit.record("publsh")
