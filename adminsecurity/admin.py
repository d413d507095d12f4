"""Users and roles with Chinese permission pickers; staff authenticator devices, listed for
superusers and deleted when a phone is lost."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit

from .models import TwoFactorDevice
from .permissions import ChinesePermissionsMixin

admin.site.unregister(User)
admin.site.unregister(Group)


def chinese_device_names(entries):
    """A delete page's list, django-otp's English model name ("TOTP device") in Chinese."""
    english = TOTPDevice._meta.verbose_name
    if isinstance(entries, list):
        return [chinese_device_names(entry) for entry in entries]
    if isinstance(entries, str) and entries.startswith(f"{english}: "):
        return mark_safe(TwoFactorDevice._meta.verbose_name + entries[len(english) :])
    return entries


@admin.register(User)
class StaffUserAdmin(ChinesePermissionsMixin, UserAdmin):
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        plural = TwoFactorDevice._meta.verbose_name_plural
        counts = {plural if name == TOTPDevice._meta.verbose_name_plural else name: n
                  for name, n in counts.items()}  # fmt: skip
        return chinese_device_names(deleted), counts, perms_needed, protected


@admin.register(Group)
class RoleAdmin(ChinesePermissionsMixin, GroupAdmin):
    pass


# django-otp's own page is in English and lets keys be typed in; devices are made by their
# owners on the setup page, so the admin only lists and deletes them.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class DeviceStateFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("1", "已启用"), ("0", "设置中（未确认）")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(confirmed=self.value() == "1")
        return queryset


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ("owner", "device_name", "state", "created", "last_used")
    fields = list_display
    readonly_fields = list_display
    list_filter = (DeviceStateFilter,)
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
        return device.last_used_at or "从未使用"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        audit.record(audit.Action.TWO_FACTOR_RESET, obj=obj.user, detail="后台删除设备")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            audit.record(audit.Action.TWO_FACTOR_RESET, obj=device.user, detail="后台删除设备")
        super().delete_queryset(request, queryset)
