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
