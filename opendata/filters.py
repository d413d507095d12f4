"""The API's filters for events and statistics (projects use the project list's own)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from jlsite.filters import StrictFilterSet, chinese_messages
from projects.filters import regions
from projects.models import Event, EventKind, Region, Statistic

UNKNOWN_REGION = "没有这个地区，请填写地区的网址标识，如 changchun。"
YEAR_MESSAGES = {
    "invalid": "年份请填写四位数字，如 2022。",
    "min_value": "年份不能早于 1949 年。",
    "max_value": "年份不能晚于 2100 年。",
    "max_digits": "年份请填写四位数字，如 2022。",
    "max_decimal_places": "年份请填写整数，如 2022。",
}


def year_filter(field_name, label):
    return django_filters.NumberFilter(
        label=label,
        field_name=field_name,
        lookup_expr="year" if field_name.endswith("date") else "exact",
        min_value=1949,
        max_value=2100,
        max_digits=4,
        decimal_places=0,
        error_messages=YEAR_MESSAGES,
    )


def region_filter(label):
    return django_filters.ModelChoiceFilter(
        label=label,
        queryset=regions,
        to_field_name="slug",
        method="filter_region",
        error_messages=chinese_messages(
            invalid_choice="没有这个地区，请填写地区的网址标识，如 changchun。"
        ),
    )


class EventFilter(StrictFilterSet):
    year = year_filter("start_date", _("开始年份"))
    kind = django_filters.ChoiceFilter(
        label=_("活动类型"),
        choices=EventKind.choices,
        error_messages=chinese_messages(
            invalid_choice="没有这种活动类型，请从文档列出的值中选择。"
        ),
    )
    region = region_filter(_("举办地区（含下属县市区）"))

    class Meta:
        model = Event
        fields = []

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__in=Region.objects.within(region).values("pk"))


class StatisticFilter(StrictFilterSet):
    indicator = django_filters.CharFilter(
        label=_("指标名称（完全一致）"),
        max_length=100,
        error_messages={"max_length": "指标名称请不要超过 100 个字。"},
    )
    year = year_filter("year", _("年份"))
    region = region_filter(_("地区（全省数据不属于任何地区）"))

    class Meta:
        model = Statistic
        fields = []

    def filter_region(self, queryset, name, region):
        return queryset.filter(region=region)
