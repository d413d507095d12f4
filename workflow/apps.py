from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "审核与历史"

    def ready(self):
        from jlsite.roles import EDITOR, REVIEWER, grant
        from spreadsheets.signals import records_imported

        from . import history
        from .permissions import (
            create_publish_permissions,
            publish_permissions,
            review_record_permissions,
        )

        grant(REVIEWER, publish_permissions)
        grant(REVIEWER, review_record_permissions)
        grant(EDITOR, review_record_permissions)
        post_migrate.connect(create_publish_permissions, dispatch_uid="workflow.permissions")
        records_imported.connect(history.record_import, dispatch_uid="workflow.history")
