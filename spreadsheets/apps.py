from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.apps import TasksAppConfig


class SpreadsheetsConfig(AppConfig):
    default = True  # this module also holds the task queue's config
    name = "spreadsheets"
    verbose_name = "表格导入导出"

    def ready(self):
        from jlsite import roles

        from .permissions import spreadsheet_permissions

        autodiscover_modules("resources", register_to=None)
        roles.grant(roles.DATA_STAFF, spreadsheet_permissions)
        post_migrate.connect(self.create_import_locks, sender=self)

    def create_import_locks(self, using="default", **kwargs):
        from .models import ImportLock

        ImportLock.create_missing(using)


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db's app, named in Chinese in the admin."""

    verbose_name = "后台任务"
