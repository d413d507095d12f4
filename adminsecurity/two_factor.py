"""Who must sign in with a one-time code from an authenticator app (TOTP), and their device.

Superusers, 审核 and 咨询受理 (who read inquirers' personal data) must; anyone else who has set
up a device must use it too.
"""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from jlsite.roles import INQUIRY_DESK, REVIEWER

DEVICE_NAME = "身份验证器"


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def required(user):
    return (
        user.is_superuser
        or user.groups.filter(name__in=[REVIEWER, INQUIRY_DESK]).exists()
        or confirmed_device(user) is not None
    )


def pending_device(user):
    """The unconfirmed device being set up, made on first asking."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def grouped_secret(device):
    """The key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
