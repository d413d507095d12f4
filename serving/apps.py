from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How the site is served: health checks, read replicas, media, compression, headers."""

    name = "serving"
    verbose_name = "站点运行"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # What can be downloaded registers itself there (serving.downloads.source); the
        # background worker that writes XLSX files needs it as much as the web server.
        autodiscover_modules("downloads", "datasets")
