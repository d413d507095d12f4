"""`publish_<model>` for every reviewed model: publishing is a permission of its own.

Granted to 审核 (jlsite.roles) and held by superusers; 编辑 and 数据专员 submit instead.
"""

from . import registry


def publish_permissions(using="default"):
    """The publish permission of every reviewed model, created where missing."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    found = []
    for model in registry.models():
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        permission, _ = Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=f"publish_{model._meta.model_name}",
            defaults={"name": f"可以发布{model._meta.verbose_name}"},
        )
        found.append(permission)
    return found


def create_publish_permissions(using="default", **kwargs):
    publish_permissions(using)


def review_record_permissions(using="default"):
    """Reading the review notes (why something was returned or withdrawn)."""
    from django.contrib.auth.models import Permission

    return list(
        Permission.objects.using(using).filter(
            content_type__app_label="workflow", codename="view_review"
        )
    )
