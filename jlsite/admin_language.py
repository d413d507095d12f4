"""The admin in Chinese where Django writes English in code rather than in its catalogue.

Strings that Django's zh_Hans catalogue merely lacks are in locale/zh_Hans (LOCALE_PATHS);
what is left are the text of the yes/no icons (read out by screen readers) and the rows of
many-to-many tables that delete pages list ("Article_events object (1)").
"""

from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html

ICONS = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}
VERBS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看",
         "import": "导入", "export": "导出"}  # fmt: skip


def boolean_icon(value):
    """Django's yes/no icon (admin_list._boolean_icon), its alt text in Chinese."""
    icon, text = ICONS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def permission_label(permission):
    """招商项目 | 项目 | 新增, where Django stores "Can add 项目" in English."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    verb = VERBS.get(permission.codename.split("_", 1)[0], permission.name)
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {verb}"


def label(obj):
    return permission_label(obj) if isinstance(obj, Permission) else str(obj)


def link_str(link):
    return "—".join(label(getattr(link, field.name)) for field in link_fields(type(link)))


def link_fields(model):
    return [field for field in model._meta.fields if field.is_relation]


def install():
    """Patch the icon and name the automatic many-to-many tables; run once from ready()."""
    admin_list._boolean_icon = boolean_icon
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created:
            continue
        ends = [field.related_model._meta.verbose_name for field in link_fields(model)]
        model._meta.verbose_name = f"{ends[0]}与{ends[-1]}的关联"
        model._meta.verbose_name_plural = model._meta.verbose_name
        model.__str__ = link_str
