from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "多语言"

    def ready(self):
        from .querysets import install

        install()
