from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "招商项目"

    def ready(self):
        from jlsite.cache import bump, watch
        from spreadsheets.signals import records_imported

        # Every model here shows on public pages; imports skip save(), so they are watched too.
        watch(*self.get_models())
        records_imported.connect(bump, dispatch_uid="page-cache-import-projects")
