"""Permission pickers on the user and role pages: this site's permissions, named in Chinese.

Django stores permission names in English ("Can add 招商项目") and lists those of every
installed app (sessions, axes, django-otp…), none of which a role here needs.
"""

from django.contrib.auth.models import Permission

from jlsite.admin_language import permission_label

APPS = ["auth", "projects", "articles", "audit", "adminsecurity", "search", "workflow"]


def site_permissions():
    return (
        Permission.objects.filter(content_type__app_label__in=APPS)
        .exclude(content_type__app_label="auth", content_type__model="permission")
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


class ChinesePermissionsMixin:
    """For a ModelAdmin whose form has a permissions field (users, groups)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = site_permissions()
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = permission_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)
