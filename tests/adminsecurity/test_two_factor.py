"""Superusers and 审核 reach the admin only with a one-time code from an authenticator app."""

import io
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import Action
from audit.models import AuditEvent
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
SETUP = reverse("two_factor:setup")
VERIFY = reverse("two_factor:verify")


def code(device):
    """The 6 digits the authenticator app shows now (leading zeros included)."""
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def with_next(url, target=INDEX):
    return f"{url}?{urlencode({'next': target})}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw")


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def test_a_superuser_without_a_device_is_sent_to_set_one_up(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302
    assert response["Location"] == with_next(SETUP, reverse("admin:projects_project_changelist"))


def test_setting_up_shows_a_qr_code_and_the_key_in_chinese(client, superuser):
    client.force_login(superuser)
    page = client.get(with_next(SETUP)).content.decode()
    assert "<svg" in page and "两步验证二维码" in page
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    key = re.search(r'<code class="two-factor-secret">([A-Z2-7 ]+)</code>', page)[1]
    from base64 import b32decode

    assert b32decode(key.replace(" ", "")) == device.bin_key
    assert "身份验证器" in page and "6 位" in page


def test_a_wrong_code_does_not_confirm_the_device(client, superuser):
    client.force_login(superuser)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000", "next": INDEX})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
    assert client.get(INDEX).status_code == 302


def test_the_right_code_confirms_the_device_and_opens_the_admin(client, superuser):
    client.force_login(superuser)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=superuser)
    response = client.post(SETUP, {"code": code(device), "next": INDEX})
    assert response.status_code == 302 and response["Location"] == INDEX
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INDEX).status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ENABLED, username="root").exists()


def test_a_superuser_with_a_device_must_enter_its_code_after_the_password(client, superuser):
    device = device_for(superuser)
    client.force_login(superuser)
    response = client.get(INDEX)
    assert response["Location"] == with_next(VERIFY)
    assert "请打开手机上的身份验证器" in client.get(response["Location"]).content.decode()
    response = client.post(VERIFY, {"code": "123456", "next": INDEX})
    assert "验证码不正确或已过期" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_FAILED, username="root").exists()
    # Right after a failure, django-otp makes the next try wait (1 s, doubling each time).
    response = client.post(VERIFY, {"code": code(device), "next": INDEX})
    assert "验证失败次数过多" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": code(device), "next": INDEX})
    assert response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


def test_with_a_device_the_setup_page_cannot_enrol_another(client, superuser):
    """Someone holding only the password must not swap in their own phone."""
    device_for(superuser)
    client.force_login(superuser)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_reviewers_must_use_two_factor_too(client, reviewer_user):
    client.force_login(reviewer_user)
    assert client.get(INDEX)["Location"] == with_next(SETUP)
    sign_in(client, reviewer_user)
    assert client.get(INDEX).status_code == 200


def test_editors_may_go_without_but_once_set_up_must_use_it(client, editor_user):
    client.force_login(editor_user)
    assert client.get(INDEX).status_code == 200
    device_for(editor_user)
    client.force_login(editor_user)
    assert client.get(INDEX)["Location"] == with_next(VERIFY)


def test_logging_out_and_the_login_page_need_no_code(client, superuser):
    client.force_login(superuser)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200


def test_the_two_factor_pages_need_a_staff_login(client):
    assert client.get(SETUP)["Location"].startswith(reverse("admin:login"))
    assert client.get(VERIFY)["Location"].startswith(reverse("admin:login"))


def test_after_the_code_the_user_goes_back_only_to_this_site(client, superuser):
    device = device_for(superuser)
    client.force_login(superuser)
    response = client.post(VERIFY, {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == INDEX


@pytest.mark.parametrize("bad", ["", "12345", "abcdef", "1234567", "1\x002345", "９９９９９９"])
def test_malformed_codes_are_refused_in_chinese(client, superuser, bad):
    device_for(superuser)
    client.force_login(superuser)
    response = client.post(VERIFY, {"code": bad, "next": INDEX})
    assert response.status_code == 200
    assert "6 位数字" in response.content.decode()


def test_a_lost_phone_is_reset_from_the_command_line_and_recorded(client, superuser):
    from django.core.management import CommandError, call_command

    device_for(superuser)
    out = io.StringIO()
    call_command("reset_two_factor", "root", stdout=out)
    assert "已删除 root 的两步验证设备 1 个" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_RESET, object_repr="root").exists()
    client.force_login(superuser)
    assert client.get(INDEX)["Location"] == with_next(SETUP)
    with pytest.raises(CommandError, match="没有用户名为"):
        call_command("reset_two_factor", "nobody")


def test_deleting_a_device_in_the_admin_is_recorded(admin_client, superuser):
    from adminsecurity.models import TwoFactorDevice

    device = device_for(superuser)
    url = reverse("admin:adminsecurity_twofactordevice_delete", args=[device.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_RESET, object_repr="root").exists()
    assert TwoFactorDevice._meta.verbose_name == "两步验证设备"


def test_the_inquiry_desk_must_use_two_factor_because_it_reads_personal_data(
    client, django_user_model
):
    from django.contrib.auth.models import Group

    desk = django_user_model.objects.create_user("desk", password="pw", is_staff=True)
    desk.groups.add(Group.objects.get(name="咨询受理"))
    client.force_login(desk)
    assert client.get(INDEX)["Location"] == with_next(SETUP)
    sign_in(client, desk)
    assert client.get(INDEX).status_code == 200
