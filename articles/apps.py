from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "文章与政策"

    def ready(self):
        from pagecache.versions import watch

        # Every model here shows on public pages.
        watch(*self.get_models())
