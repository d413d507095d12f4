from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JlsiteConfig(AppConfig):
    name = "jlsite"
    verbose_name = "站点"

    def ready(self):
        from . import admin_language
        from .roles import sync_roles

        admin_language.install()

        # Not limited to this app's signal: the content apps' permissions are created after it.
        post_migrate.connect(sync_roles, dispatch_uid="jlsite.sync_roles")
