import uuid

from django.conf import settings
from django.db import models


class ImportLock(models.Model):
    """One row per resource, locked by each import of it until the import's transaction ends.

    Two imports of one file at once would both find its records missing and both create them;
    holding this row (a row lock on PostgreSQL, the database write lock on SQLite) makes the
    second wait until the first has committed, so it finds them and changes nothing.
    """

    resource = models.CharField("数据类别", max_length=50, primary_key=True)

    class Meta:
        verbose_name = "导入锁"
        verbose_name_plural = "导入锁"

    def __str__(self):
        return self.resource

    @classmethod
    def hold(cls, resource, using="default"):
        """Take the lock of `resource` for the current transaction, waiting for a holder.

        A row lock (SELECT … FOR UPDATE) on PostgreSQL; SQLite ignores FOR UPDATE, but its
        transactions begin IMMEDIATE (settings), which takes the database's write lock.
        """
        rows = cls.objects.using(using).select_for_update().filter(resource=resource)
        if not list(rows):  # rows are created after migrate; a resource added since has none
            cls.objects.using(using).get_or_create(resource=resource)
            list(rows)

    @classmethod
    def create_missing(cls, using="default", **kwargs):
        """A lock row for every registered resource (run after migrate)."""
        from . import registry

        existing = set(cls.objects.using(using).values_list("resource", flat=True))
        cls.objects.using(using).bulk_create(
            [cls(resource=name) for name in registry.names() if name not in existing]
        )


def upload_path(job, filename):
    return f"imports/{job.pk}/{job.kind_of_file}"


class ImportJob(models.Model):
    """One spreadsheet upload, previewed and then imported by the background worker.

    The upload waits in the default file storage (shared by every app server) only until the
    job ends; what staff need afterwards is the summary, the preview and the report.
    """

    class State(models.TextChoices):
        PREVIEW_QUEUED = "preview_queued", "等待预览"
        PREVIEWING = "previewing", "正在预览"
        PREVIEWED = "previewed", "待确认"
        REFUSED = "refused", "有错误，未导入"
        IMPORT_QUEUED = "import_queued", "等待导入"
        IMPORTING = "importing", "正在导入"
        DONE = "done", "已导入"
        FAILED = "failed", "导入失败，未写入任何数据"
        CANCELLED = "cancelled", "已取消"

    RUNNING = (State.PREVIEW_QUEUED, State.PREVIEWING, State.IMPORT_QUEUED, State.IMPORTING)
    ENDED = (State.REFUSED, State.DONE, State.FAILED, State.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource = models.CharField("数据类别", max_length=50)
    filename = models.CharField("文件名", max_length=255)
    file = models.FileField("上传的文件", upload_to=upload_path, blank=True, max_length=300)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    encoding = models.CharField("CSV 编码", max_length=20, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.PREVIEW_QUEUED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始处理", null=True, blank=True)
    finished_at = models.DateTimeField("处理结束", null=True, blank=True)
    rows_total = models.PositiveIntegerField("行数", default=0)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    preview = models.JSONField("预览", default=dict, blank=True)
    report = models.FileField("导入报告", upload_to="imports/reports/%Y/%m/", blank=True)
    message = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "表格导入"
        verbose_name_plural = "表格导入"
        ordering = ["-created_at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.filename}（{self.get_state_display()}）"

    @property
    def kind_of_file(self):
        return "upload." + (self.filename.rsplit(".", 1)[-1].lower() or "csv")

    @property
    def running(self):
        return self.state in self.RUNNING

    @property
    def warning_count(self):
        return self.summary.get("warning_count", 0)

    def move(self, state, **fields):
        """Change state only from `fields.pop('expected')` if given; True when it changed."""
        expected = fields.pop("expected", None)
        rows = type(self).objects.filter(pk=self.pk)
        if expected is not None:
            rows = rows.filter(state__in=expected)
        changed = rows.update(state=state, **fields)
        if changed:
            self.state = state
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(changed)

    def discard_upload(self):
        """Delete the uploaded file: the job no longer needs it."""
        if self.file:
            self.file.delete(save=False)
            type(self).objects.filter(pk=self.pk).update(file="")
