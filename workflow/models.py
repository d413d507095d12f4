from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .timeliness import UPDATE_INTERVAL_DAYS


class Step(models.TextChoices):
    SUBMIT = "submit", "提交审核"
    PUBLISH = "publish", "发布"
    RETURN = "return", "退回"
    WITHDRAW = "withdraw", "撤回"
    RESTORE = "restore", "恢复版本"


class ReviewQuerySet(models.QuerySet):
    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk)


class Review(models.Model):
    """One step of a record through review: who did it, why (a return's reason is shown to
    its author, a withdrawal's kept on record)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="内容类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    object_repr = models.CharField("对象", max_length=200)
    step = models.CharField("操作", max_length=16, choices=Step.choices)
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="操作人",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作者",
        help_text="退回时：提交审核的人，退回理由显示给他。",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="workflow_review_object"),
            models.Index(fields=["author", "step"], name="workflow_review_author"),
        ]

    def __str__(self):
        return f"{self.get_step_display()}：{self.object_repr}"


class SectionSchedule(models.Model):
    """How often a section that is a whole kind of content (项目库, 招商活动…) must be updated;
    channels keep theirs on the channel."""

    key = models.CharField("标识", max_length=100, unique=True, editable=False)
    name = models.CharField("栏目", max_length=50, editable=False)
    update_interval = models.PositiveSmallIntegerField(
        "更新周期（天）",
        default=UPDATE_INTERVAL_DAYS,
        help_text="超过这么多天没有发布新内容即为“超期未更新”；0 表示不考核。",
    )

    class Meta:
        verbose_name = "栏目更新周期"
        verbose_name_plural = "栏目更新周期"
        ordering = ["name"]

    def __str__(self):
        return self.name
