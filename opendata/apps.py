from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data: the public datasets as files, and a read-only JSON API with its schema."""

    name = "opendata"
    verbose_name = "开放数据"
