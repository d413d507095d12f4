from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "文章与政策"

    def ready(self):
        from jlsite.cache import watch

        # records_imported already bumps the page cache (projects/apps.py) for every model.
        watch(*self.get_models())
