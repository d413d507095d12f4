"""Remove a user's authenticator devices, e.g. when the only superuser has lost the phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit


class Command(BaseCommand):
    help = "删除某用户的两步验证设备；该用户下次登录管理后台时重新设置。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"没有用户名为“{username}”的用户，请核对后重试。") from None
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        audit.record(audit.Action.TWO_FACTOR_RESET, obj=user, detail=f"命令行删除设备 {count} 个")
        self.stdout.write(f"已删除 {username} 的两步验证设备 {count} 个；下次登录时需重新设置。")
