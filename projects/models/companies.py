from django.db import models
from django.utils.translation import gettext_lazy as _


class Ownership(models.TextChoices):
    CENTRAL_SOE = "central_soe", _("央企")
    LOCAL_SOE = "local_soe", _("地方国企")
    PRIVATE = "private", _("民营企业")
    FOREIGN = "foreign", _("外资企业")
    HK_MACAO_TAIWAN = "hk_macao_taiwan", _("港澳台资企业")


class Company(models.Model):
    name = models.CharField("企业名称", max_length=200, unique=True)
    ownership = models.CharField(
        "企业性质", max_length=20, choices=Ownership.choices, blank=True, help_text="未知时留空。"
    )
    fortune_global_500 = models.BooleanField(
        "世界500强", null=True, blank=True, help_text="未知时留空。"
    )
    china_500 = models.BooleanField("中国500强", null=True, blank=True, help_text="未知时留空。")
    country = models.CharField("国家或地区", max_length=50, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self):
        return self.name
