"""The desk in the admin: who sees inquiries, assignment and its e-mail, the overdue flag."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry
from tests.conftest import sign_in

from .factories import InquiryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:inquiries_inquiry_changelist")


@pytest.fixture
def desk_user(django_user_model):
    user = django_user_model.objects.create_user(
        "desk", email="desk@example.com", password="pw", is_staff=True, first_name="受理员"
    )
    user.groups.add(Group.objects.get(name="咨询受理"))
    return user


def change(client, inquiry, **data):
    """Save the change form; what waits for the commit (the e-mail) runs, as it would."""
    form = {"status": inquiry.status, "assignee": "", "notes": inquiry.notes, **data}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("admin:inquiries_inquiry_change", args=[inquiry.pk]), form)


def test_the_desk_role_sees_and_handles_inquiries(client, desk_user):
    inquiry = InquiryFactory()
    sign_in(client, desk_user)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200 and inquiry.reference in listing.content.decode()
    page = client.get(reverse("admin:inquiries_inquiry_change", args=[inquiry.pk]))
    assert "李女士" in page.content.decode()
    assert change(client, inquiry, status="answered", notes="已电话答复").status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.notes == "已电话答复"
    assert inquiry.name == "李女士"  # what the inquirer sent is read-only


def test_editors_without_the_desk_role_do_not_see_inquiries(client, editor_user):
    inquiry = InquiryFactory()
    sign_in(client, editor_user)
    assert client.get(CHANGELIST).status_code == 403
    change_url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    assert client.get(change_url).status_code == 403
    assert "咨询" not in [app["name"] for app in client.get("/admin/").context["app_list"]]
    assert not editor_user.has_perm("inquiries.view_inquiry")


def test_nobody_adds_inquiries_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:inquiries_inquiry_add")).status_code == 403


def test_assignment_notifies_the_assignee_by_mail(admin_client, desk_user):
    inquiry = InquiryFactory()
    response = change(admin_client, inquiry, assignee=desk_user.pk)
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assignee == desk_user and inquiry.status == "assigned"
    [message] = mail.outbox
    assert message.to == ["desk@example.com"]
    assert inquiry.reference in message.subject
    assert f"/admin/inquiries/inquiry/{inquiry.pk}/change/" in message.body
    assert "李女士" not in message.body and inquiry.email not in message.body
    # Saving again without changing the assignee sends nothing more.
    change(admin_client, inquiry, assignee=desk_user.pk, status="answered")
    assert len(mail.outbox) == 1


def test_a_failed_mail_is_logged_and_the_assignment_kept(
    admin_client, desk_user, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("inquiries.notify.send_mail", broken)
    # The admin's transaction commits before its response leaves; the test's never does.
    monkeypatch.setattr("inquiries.admin.transaction.on_commit", lambda callback: callback())
    inquiry = InquiryFactory()
    with caplog.at_level(logging.ERROR, logger="inquiries.notify"):
        url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
        response = admin_client.post(url, {"status": "new", "assignee": desk_user.pk})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assignee == desk_user
    assert inquiry.reference in caplog.text
    page = admin_client.get(response["Location"])
    assert "通知邮件未能发给" in page.content.decode()


def test_only_desk_staff_can_be_assigned(admin_client, desk_user, editor_user):
    inquiry = InquiryFactory()
    response = change(admin_client, inquiry, assignee=editor_user.pk)
    assert response.status_code == 200  # the form answers with an error
    assert "选择一个有效的选项" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.assignee is None and not mail.outbox


def test_the_overdue_filter_lists_open_inquiries_past_their_working_days(admin_client, settings):
    settings.INQUIRY_RESPONSE_WORKING_DAYS = 5
    old = timezone.now() - timezone.timedelta(days=10)
    late = InquiryFactory(created_at=old)
    answered = InquiryFactory(created_at=old, status="answered")
    fresh = InquiryFactory()
    page = admin_client.get(CHANGELIST, {"overdue": "yes"}).content.decode()
    assert late.reference in page
    assert answered.reference not in page and fresh.reference not in page
    page = admin_client.get(CHANGELIST, {"overdue": "no"}).content.decode()
    assert late.reference not in page and fresh.reference in page
    page = admin_client.get(CHANGELIST, {"status": "answered"}).content.decode()
    assert answered.reference in page and late.reference not in page
    assert late.is_overdue and not fresh.is_overdue and not answered.is_overdue


def test_closing_records_when(admin_client):
    inquiry = InquiryFactory()
    change(admin_client, inquiry, status="closed")
    inquiry.refresh_from_db()
    assert inquiry.closed_at is not None
    assert Inquiry.objects.get().status == "closed"


def test_only_the_desk_role_holds_inquiry_permissions():
    def codenames(role):
        group = Group.objects.get(name=role)
        return {p for p in group.permissions.values_list("codename", flat=True) if "inquiry" in p}

    assert codenames("咨询受理") == {"view_inquiry", "change_inquiry"}
    for role in ("编辑", "审核", "数据专员"):
        assert codenames(role) == set(), role
