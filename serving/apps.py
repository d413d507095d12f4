from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How the site is served: health checks, read replicas, media, compression, headers."""

    name = "serving"
    verbose_name = "站点运行"
