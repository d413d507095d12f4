from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from jlsite.client_ip import client_ip

from .actions import Action
from .middleware import current_request

REPR_LENGTH = 200


class AuditEventQuerySet(models.QuerySet):
    def record(self, action, actor=None, obj=None, request=None, detail="", username=""):
        action = Action(action)  # an unknown action is a programming error, not a new label
        request = request if request is not None else current_request()
        if actor is None and request is not None:
            user = getattr(request, "user", None)
            actor = user if user is not None and user.is_authenticated else None
        if actor is not None and not actor.is_authenticated:
            actor = None
        return self.create(
            action=action,
            actor=actor,
            username=(actor.get_username() if actor else username or "")[:150],
            ip_address=client_ip(request) if request is not None else None,
            content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
            object_id="" if obj is None or obj.pk is None else str(obj.pk),
            object_repr="" if obj is None else str(obj)[:REPR_LENGTH],
            detail=detail,
        )


class AuditEvent(models.Model):
    created_at = models.DateTimeField("时间", default=timezone.now, editable=False)
    action = models.CharField("事件", max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(
        "用户名", max_length=150, blank=True, help_text="操作人的用户名；登录失败时为尝试的用户名。"
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=REPR_LENGTH, blank=True)
    detail = models.TextField("说明", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_newest_first"),
            models.Index(fields=["action", "-created_at"], name="audit_action_newest"),
            models.Index(fields=["username", "-created_at"], name="audit_username_newest"),
        ]

    def __str__(self):
        who = self.username or "（无）"
        when = timezone.localtime(self.created_at)
        return f"{when:%Y-%m-%d %H:%M:%S} {who} {self.get_action_display()}"
