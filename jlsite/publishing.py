"""Publication state shared by every public model: a draft never reaches the public."""

from django.db import models
from django.dispatch import Signal
from django.utils import timezone

# Sent with `sender` the model and `pks` the rows after a bulk change of publication state
# (admin actions), which sends no post_save: caches and indexes of public content listen.
publication_changed = Signal()


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


def stamp_publication(instance, now=None):
    """Publishing without a time means now; True when the time was set."""
    if instance.status == PublicationStatus.PUBLISHED and instance.published_at is None:
        instance.published_at = now or timezone.now()
        return True
    return False


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and due (a future time means scheduled)."""
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class Publishable(models.Model):
    status = models.CharField(
        "发布状态",
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="只有“已发布”且发布时间已到的内容才对公众可见。",
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
