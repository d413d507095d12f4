"""Logins, lockouts and changes of who may do what, recorded from Django's and axes' signals."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_init, post_save
from django.dispatch import receiver

from . import record
from .actions import Action
from .middleware import current_request

User = get_user_model()
ACCOUNT_FLAGS = {"is_active": "启用", "is_staff": "职员", "is_superuser": "超级用户"}
YES_NO = {True: "是", False: "否"}


@receiver(user_logged_in, dispatch_uid="audit.login")
def logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit.logout")
def logged_out(sender, request, user, **kwargs):
    record(Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD, ""))
    record(Action.LOGIN_FAILED, request=request, username=username)


@receiver(user_locked_out, dispatch_uid="audit.lockout")
def locked_out(sender, request, username, ip_address, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，该用户名在此地址锁定 {minutes} 分钟"
    record(Action.LOCKOUT, request=request, username=username or "", detail=detail)


def names(model, pks):
    if model is Permission:
        rows = model.objects.filter(pk__in=pks).select_related("content_type")
        return "、".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows))
    return "、".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pks)))


def changed_members(instance, action, reverse, model, pk_set, field):
    """(owner, verb, related pks) for each owner whose `field` set changes, or nothing."""
    verb = {"post_add": "加入", "post_remove": "移出", "pre_clear": "移出"}.get(action)
    if verb is None:
        return []
    if not reverse:
        if action == "pre_clear":
            pk_set = set(getattr(instance, field).values_list("pk", flat=True))
        return [(instance, verb, pk_set)] if pk_set else []
    # Changed from the other side (group.user_set.add(user)): one entry per owner.
    if action == "pre_clear":
        owners = list(getattr(instance, f"{model._meta.model_name}_set").all())
    else:
        owners = list(model.objects.filter(pk__in=pk_set))
    return [(owner, verb, {instance.pk}) for owner in owners]


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit.user_groups")
def roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    for user, verb, pks in changed_members(instance, action, reverse, model, pk_set, "groups"):
        record(Action.ROLE_CHANGE, obj=user, detail=f"{verb}角色：{names(Group, pks)}")


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit.user_perms")
def user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    changes = changed_members(instance, action, reverse, model, pk_set, "user_permissions")
    for user, verb, pks in changes:
        verb = "增加" if verb == "加入" else "取消"
        record(Action.PERMISSION_CHANGE, obj=user, detail=f"{verb}权限：{names(Permission, pks)}")


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit.group_perms")
def group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    # The roles' own permissions are code (jlsite.roles), set again by every migrate and
    # versioned in git; what is recorded is a person changing them in the admin.
    if current_request() is None:
        return
    changes = changed_members(instance, action, reverse, model, pk_set, "permissions")
    for group, verb, pks in changes:
        verb = "增加" if verb == "加入" else "取消"
        record(Action.PERMISSION_CHANGE, obj=group, detail=f"{verb}权限：{names(Permission, pks)}")


def loaded_flags(user):
    return {name: user.__dict__[name] for name in ACCOUNT_FLAGS if name in user.__dict__}


@receiver(post_init, sender=User, dispatch_uid="audit.user_loaded")
def remember_flags(sender, instance, **kwargs):
    instance._audit_flags = loaded_flags(instance)


@receiver(post_save, sender=User, dispatch_uid="audit.user_saved")
def flags_changed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not set(update_fields) & set(ACCOUNT_FLAGS)):
        return
    before, after = instance._audit_flags, loaded_flags(instance)
    instance._audit_flags = after
    if created:
        shown = [f"{label} {YES_NO[after[name]]}" for name, label in ACCOUNT_FLAGS.items()]
        if after.get("is_staff") or after.get("is_superuser"):
            record(Action.ACCOUNT_CHANGE, obj=instance, detail="新建账号：" + "，".join(shown))
        return
    changes = [
        f"{label}：{YES_NO[before[name]]} → {YES_NO[after[name]]}"
        for name, label in ACCOUNT_FLAGS.items()
        if name in before and name in after and before[name] != after[name]
    ]
    if changes:
        record(Action.ACCOUNT_CHANGE, obj=instance, detail="；".join(changes))
