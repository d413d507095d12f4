"""`import_<model>` and `export_<model>` permissions for every model with a registered resource.

django-import-export checks them (settings IMPORT_EXPORT_*_PERMISSION_CODE), so the buttons
and pages follow roles instead of being open to every admin user.
"""

from . import registry

ACTIONS = {"import": "可以导入", "export": "可以导出"}


def spreadsheet_permissions(using="default"):
    """For the role that loads data: import, export, and add, change and view of every
    registered model (import and export created where missing)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    found = []
    for model in registry.models():
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        for action, label in ACTIONS.items():
            permission, _ = Permission.objects.using(using).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model._meta.model_name}",
                defaults={"name": f"{label}{model._meta.verbose_name}"},
            )
            found.append(permission)
        found.extend(
            Permission.objects.using(using).filter(
                content_type=content_type,
                codename__in=[f"{a}_{model._meta.model_name}" for a in ("add", "change", "view")],
            )
        )
    return found
