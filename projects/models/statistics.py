from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from jlsite.publishing import Publishable, PublishableQuerySet
from jlsite.templatetags.formatting import english, english_period

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class StatisticQuerySet(PublishableQuerySet):
    def for_display(self):
        return self.select_related("region", "source_article")


class Statistic(Publishable):
    indicator = models.CharField(
        "指标", max_length=100, db_index=True, help_text="如“招商引资到位资金”“实际利用外资”。"
    )
    region = models.ForeignKey(
        "projects.Region",
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statistics",
        help_text="留空表示全省。",
    )
    year = models.PositiveSmallIntegerField(
        "年份", validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    month_start = models.PositiveSmallIntegerField("起始月", default=1, validators=MONTH_VALIDATORS)
    month_end = models.PositiveSmallIntegerField("截止月", default=12, validators=MONTH_VALIDATORS)
    value = models.DecimalField(
        "数值", max_digits=16, decimal_places=4, null=True, blank=True, help_text="未公布时留空。"
    )
    unit = models.CharField("单位", max_length=20, blank=True, help_text="如“亿元”“亿美元”。")
    yoy_growth = models.DecimalField(
        "同比增长（%）", max_digits=8, decimal_places=2, null=True, blank=True
    )
    approximate = models.BooleanField("约数", default=False, help_text="来源写作“左右”“约”时勾选。")
    remark = models.CharField(
        "说明", max_length=300, blank=True, help_text="来源的原话或口径说明。"
    )
    source_article = models.ForeignKey(
        "articles.Article",
        verbose_name="来源文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statistics",
    )

    objects = StatisticQuerySet.as_manager()

    class Meta:
        verbose_name = "统计数据"
        verbose_name_plural = "统计数据"
        ordering = ["indicator", "-year", "-month_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month_start__gte=1, month_start__lte=12, month_end__lte=12)
                & Q(month_end__gte=F("month_start")),
                name="statistic_month_range_valid",
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "month_start", "month_end"],
                condition=Q(region__isnull=False),
                name="statistic_unique_regional_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "month_start", "month_end"],
                condition=Q(region__isnull=True),
                name="statistic_unique_provincial_period",
            ),
        ]

    def __str__(self):
        where = self.region.name if self.region_id else "全省"
        return f"{where} {self.period_label} {self.indicator}"

    @property
    def period_label(self):
        if english():
            return english_period(self.year, self.month_start, self.month_end)
        if self.month_start == 1 and self.month_end == 12:
            return f"{self.year}年"
        if self.month_start == self.month_end:
            return f"{self.year}年{self.month_start}月"
        return f"{self.year}年{self.month_start}—{self.month_end}月"
