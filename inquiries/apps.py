from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = "咨询受理"
