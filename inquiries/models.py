"""Inquiries from investors and citizens, and the desk that answers them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jlsite.roles import INQUIRY_DESK

from .workdays import add_working_days, overdue_before

# What the retention period blanks; the reference, dates, status and subject stay.
PERSONAL_FIELDS = ("name", "organisation", "country", "email", "phone", "message")


class InquiryStatus(models.TextChoices):
    NEW = "new", "新提交"
    ASSIGNED = "assigned", "已分派"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已关闭"


OPEN_STATUSES = (InquiryStatus.NEW, InquiryStatus.ASSIGNED)


def response_working_days():
    return settings.INQUIRY_RESPONSE_WORKING_DAYS


class InquiryQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Open inquiries received more than INQUIRY_RESPONSE_WORKING_DAYS working days ago."""
        cutoff = overdue_before(today or timezone.localdate(), response_working_days())
        return self.filter(status__in=OPEN_STATUSES, created_at__lt=cutoff)

    def due_for_purge(self, now=None):
        """Closed inquiries past the retention period whose personal data is still held."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=settings.INQUIRY_RETENTION_DAYS)
        return self.filter(status=InquiryStatus.CLOSED, closed_at__lt=cutoff, purged_at=None)

    def purge(self):
        """Blank the personal fields; how many inquiries were purged."""
        return self.update(**dict.fromkeys(PERSONAL_FIELDS, ""), purged_at=timezone.now())


class ReferenceCounter(models.Model):
    """The last reference number given out on a day (Beijing time)."""

    day = models.DateField("日期", primary_key=True)
    last = models.PositiveIntegerField("已用编号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "咨询编号计数"
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day}: {self.last}"

    @classmethod
    def next_reference(cls):
        """ZS-YYYYMMDD-NNNN, unique: the UPDATE holds the day's row until the caller's
        transaction ends, so concurrent submissions queue for their numbers."""
        day = timezone.localdate()
        with transaction.atomic():
            cls.objects.get_or_create(day=day)
            cls.objects.filter(day=day).update(last=F("last") + 1)
            number = cls.objects.filter(day=day).values_list("last", flat=True).get()
        return f"ZS-{day:%Y%m%d}-{number:04d}"


def desk_staff():
    """Who may be assigned an inquiry: active staff in the 咨询受理 role, and superusers."""
    in_role = Group.objects.filter(name=INQUIRY_DESK).values("user")
    return Q(is_active=True, is_staff=True) & (Q(is_superuser=True) | Q(pk__in=in_role))


class Inquiry(models.Model):
    reference = models.CharField(_("咨询编号"), max_length=20, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("咨询项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "projects.Event",
        verbose_name=_("咨询活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=100)
    organisation = models.CharField(_("单位名称"), max_length=200, blank=True)
    country = models.CharField(_("国家或地区"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    message = models.TextField(_("咨询内容"), max_length=5000)
    language = models.CharField(
        "页面语言", max_length=10, blank=True, help_text="提交时页面的语言，答复时可参考。"
    )
    consented_at = models.DateTimeField("同意个人信息保护说明的时间")
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    status = models.CharField(
        "处理状态",
        max_length=16,
        choices=InquiryStatus.choices,
        default=InquiryStatus.NEW,
        help_text="指定受理人后自动变为“已分派”；答复后改为“已答复”，办结后改为“已关闭”。",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to=desk_staff,
        related_name="assigned_inquiries",
        help_text="具有“咨询受理”角色的工作人员；指定后系统会发邮件通知本人。",
    )
    notes = models.TextField("处理记录", blank=True, help_text="仅工作人员可见。")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True, editable=False)
    purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "咨询"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="inquiry_status_created"),
            models.Index(fields=["status", "closed_at"], name="inquiry_status_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__gt="") | Q(phone__gt="") | Q(purged_at__isnull=False),
                name="inquiry_has_email_or_phone",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def due_on(self):
        created = timezone.localdate(self.created_at)
        return add_working_days(created, response_working_days())

    @property
    def is_overdue(self):
        return self.status in OPEN_STATUSES and timezone.localdate() > self.due_on

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = ReferenceCounter.next_reference()
        if self.status == InquiryStatus.CLOSED and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status != InquiryStatus.CLOSED:
            self.closed_at = None
        super().save(*args, **kwargs)
