from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "招商项目"

    def ready(self):
        from pagecache.versions import watch

        # Every model here shows on public pages.
        watch(*self.get_models())
