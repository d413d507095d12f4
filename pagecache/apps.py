from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        from jlsite.publishing import publication_changed
        from spreadsheets.signals import records_imported

        from .versions import bump

        # Bulk writes send no post_save: imports and the admin's publish actions say so here.
        records_imported.connect(bump, dispatch_uid="pagecache-import")
        publication_changed.connect(bump, dispatch_uid="pagecache-publication")
