from django.apps import AppConfig


class AdminSecurityConfig(AppConfig):
    name = "adminsecurity"
    verbose_name = "后台安全"
