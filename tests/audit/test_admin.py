"""The audit log in the admin: nobody can add, change or delete; it can be searched and exported."""

import csv
import io

import pytest
from django.urls import reverse

import audit
from audit.models import AuditEvent
from tests.pages import main_text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditevent_changelist")
EXPORT = reverse("admin:audit_export")


@pytest.fixture
def log(db):
    AuditEvent.objects.all().delete()
    audit.record(audit.Action.LOGIN_FAILED, username='=HYPERLINK("http://x")')
    audit.record(audit.Action.LOGIN_FAILED, username="zhangsan", detail="地址一")
    audit.record(audit.Action.PUBLISH, username="lisi", detail="发布《招商公告》")
    AuditEvent.objects.filter(username="zhangsan").update(ip_address="203.0.113.7")
    return AuditEvent.objects.all()


def test_superusers_read_the_log(admin_client, log):
    page = main_text(admin_client.get(CHANGELIST))
    assert "zhangsan" in page and "发布《招商公告》" in page and "登录失败" in page
    assert "增加 审计日志" not in page


def test_nobody_adds_changes_or_deletes_entries(admin_client, log):
    event = log.get(username="lisi")
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert admin_client.get(change).status_code == 200  # shown read-only
    admin_client.post(change, {"detail": "改过了", "action": "publish"})
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    event.refresh_from_db()
    assert event.detail == "发布《招商公告》" and log.count() >= 3


def test_staff_without_the_permission_cannot_see_it(client, editor_user, log):
    client.force_login(editor_user)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_search_by_username_and_address_and_filter_by_action(admin_client, log):
    assert "发布《招商公告》" not in main_text(admin_client.get(CHANGELIST, {"q": "zhangsan"}))
    assert "zhangsan" in main_text(admin_client.get(CHANGELIST, {"q": "203.0.113"}))
    page = main_text(admin_client.get(CHANGELIST, {"action__exact": "publish"}))
    assert "lisi" in page and "zhangsan" not in page


@pytest.mark.parametrize("q", ["\x00", "' OR 1=1 --", "%", "9" * 500, "203.0.113.7/24"])
def test_hostile_searches_do_not_break_the_page(admin_client, log, q):
    assert admin_client.get(CHANGELIST, {"q": q}).status_code == 200


def rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads the Chinese
    return list(csv.reader(io.StringIO(body[1:])))


def test_export_is_csv_of_what_the_list_shows(admin_client, log):
    response = admin_client.get(EXPORT, {"action__exact": "login_failed"})
    assert response["Content-Type"].startswith("text/csv")
    header, *body = rows(response)
    assert header[:4] == ["时间", "事件", "用户名", "IP 地址"]
    assert {row[2] for row in body} == {"zhangsan", '\'=HYPERLINK("http://x")'}
    assert all(row[1] == "登录失败" for row in body)
    assert "203.0.113.7" in {row[3] for row in body}


def test_export_is_itself_recorded(admin_client, log):
    admin_client.get(EXPORT)
    assert log.filter(action="export", username="admin").exists()


def test_the_changelist_links_to_the_export_with_its_filters(admin_client, log):
    page = admin_client.get(CHANGELIST, {"action__exact": "publish"}).content.decode()
    assert f'href="{EXPORT}?action__exact=publish"' in page


def test_export_with_a_bad_filter_goes_back_to_the_list(admin_client, log):
    response = admin_client.get(EXPORT, {"no_such_field": "1"})
    assert response.status_code == 302 and response["Location"].startswith(CHANGELIST)
