from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: what the source article (《吉林日报》2022-09-11) states, and its loader."""

    name = "demo"
    verbose_name = "演示数据"
