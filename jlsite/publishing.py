"""Publication state shared by every public model: a draft never reaches the public."""

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.utils import timezone

# Sent with `sender` the model and `pks` the rows after a bulk change of publication state
# (admin actions), which sends no post_save: caches and indexes of public content listen.
publication_changed = Signal()


class PublicationStatus(models.TextChoices):
    """草稿 → 待审核 → 已发布; a reviewer may send a submission back (已退回) to its author."""

    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "已退回"
    PUBLISHED = "published", "已发布"


def publish_permission(model):
    """The permission that lets a user publish `model` (held by 审核 and superusers)."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_publish(user, model):
    return user is not None and user.has_perm(publish_permission(model))


def self_approval_allowed():
    """Whether one person may publish what they wrote (WORKFLOW_ALLOW_SELF_APPROVAL): only on
    installations without a second reviewer; otherwise 三审三校 holds for superusers too."""
    return settings.WORKFLOW_ALLOW_SELF_APPROVAL


def may_publish_own(user, model):
    """Whether `user` may publish content they write themselves (an import, a restore)."""
    return may_publish(user, model) and self_approval_allowed()


def status_for(user, model, wanted):
    """What `wanted` becomes when `user` saves it: 已发布 by someone who may not publish is a
    submission (待审核)."""
    if wanted == PublicationStatus.PUBLISHED and not may_publish(user, model):
        return PublicationStatus.PENDING
    return wanted


def stamp_publication(instance, now=None):
    """Publishing without a time means now; True when the time was set."""
    if instance.status == PublicationStatus.PUBLISHED and instance.published_at is None:
        instance.published_at = now or timezone.now()
        return True
    return False


def public_q(prefix="", now=None):
    """What the public may see, as a condition: published, and due (a future time means
    scheduled). `prefix` reaches a related record's columns, e.g. "project__"."""
    return models.Q(
        **{
            f"{prefix}status": PublicationStatus.PUBLISHED,
            f"{prefix}published_at__lte": now or timezone.now(),
        }
    )


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_q())

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class Publishable(models.Model):
    status = models.CharField(
        "发布状态",
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=(
            "编辑写好后提交“待审核”，由审核人员发布；只有“已发布”且发布时间已到的内容才对公众可见。"
        ),
    )
    published_at = models.DateTimeField(
        "发布时间",
        null=True,
        blank=True,
        db_index=True,
        help_text="北京时间，精确到秒。发布时留空则取当前时间；填写将来的时间即定时发布。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The status as stored, whatever a form has set on the instance since.
        instance.stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_public(self):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def save(self, *args, **kwargs):
        stamp_publication(self)
        super().save(*args, **kwargs)
