"""Staff authenticator devices: listed for superusers, deleted when a phone is lost."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TwoFactorDevice

# django-otp's own page is in English and lets keys be typed in; devices are made by their
# owners on the setup page, so the admin only lists and deletes them.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ("owner", "device_name", "state", "created", "last_used")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    list_select_related = ("user",)

    @admin.display(description="用户", ordering="user__username")
    def owner(self, device):
        return device.user.get_username()

    @admin.display(description="名称")
    def device_name(self, device):
        return device.name

    @admin.display(description="状态", ordering="confirmed")
    def state(self, device):
        return "已启用" if device.confirmed else "设置中（未确认）"

    @admin.display(description="启用时间", ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description="最近使用", ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
