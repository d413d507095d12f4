"""The project database's filters, as GET parameters; also used by the spreadsheet export."""

from decimal import Decimal

import django_filters
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from formmarkup.forms import ContentFilterForm
from jlsite.filters import (
    ModelChoiceFilter,
    NumberInput,
    StableOrderingFilter,
    StrictFilterSet,
    TreeModelChoiceFilter,
    chinese_messages,
)
from pagecache.versions import memoize
from projects.models import Event, Industry, Project, ProjectStage, Region, Signing
from projects.models.indexes import english_name_key
from search import lists as search_lists


class ProjectOrderingFilter(StableOrderingFilter):
    """In English, by name means by the name the page shows (projects.models.indexes)."""

    def filter(self, qs, value):
        params = [param for param in value or [] if param]
        if get_language() == "en" and params and params[0].lstrip("-") == "name":
            key = english_name_key()
            return qs.order_by(key.desc() if params[0].startswith("-") else key.asc(), "pk")
        return super().filter(qs, value)


AMOUNT_MESSAGES = {
    "invalid": _("请输入数字，单位亿元，如 10 或 0.5。"),
    "min_value": _("投资额不能小于 0。"),
    "max_digits": _("数字太长，请输入不超过 10 位整数、4 位小数的金额。"),
    "max_decimal_places": _("最多保留 4 位小数。"),
    "max_whole_digits": _("数字太长，请输入不超过 10 位整数的金额。"),
}


def tree_order(queryset):
    """Top-level rows in their order, each followed by its children."""
    return queryset.select_related("parent").order_by(
        Coalesce("parent__order", "order"),
        Coalesce("parent_id", "id"),
        F("parent_id").asc(nulls_first=True),
        "order",
        "pk",
    )


def regions(request):
    return tree_order(Region.objects.all())


def industries(request):
    return tree_order(Industry.objects.all())


def published_events(request):
    return Event.objects.published().order_by("-start_date", "name")


def signing_years():
    """The years in which published projects signed (their first signing), newest first."""
    years = memoize("signing-years", lambda: Project.objects.published().signing_years())
    return [(year, gettext("%(year)s年") % {"year": year}) for year in years]


class ProjectFilterForm(ContentFilterForm):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("investment_min"), cleaned.get("investment_max")
        if low is not None and high is not None and low > high:
            self.add_error("investment_max", _("最高投资额不能小于最低投资额，请调换或修改。"))
        return cleaned


class ProjectFilter(StrictFilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_keyword",
        max_length=100,
        error_messages={"max_length": _("关键词请不要超过 100 个字。")},
    )
    region = TreeModelChoiceFilter(
        label=pgettext_lazy("标签", "地区"),
        queryset=regions,
        to_field_name="slug",
        method="filter_region",
        empty_label=_("全部地区"),
        error_messages=chinese_messages(invalid_choice=_("没有这个地区，请从列表中选择。")),
    )
    industry = TreeModelChoiceFilter(
        label=_("产业"),
        queryset=industries,
        to_field_name="slug",
        method="filter_industry",
        empty_label=_("全部产业"),
        error_messages=chinese_messages(invalid_choice=_("没有这个产业，请从列表中选择。")),
    )
    stage = django_filters.ChoiceFilter(
        label=_("项目阶段"),
        choices=ProjectStage.choices,
        empty_label=_("全部阶段"),
        error_messages=chinese_messages(),
    )
    investment_min = django_filters.NumberFilter(
        label=_("最低总投资（亿元）"),
        field_name="total_investment",
        lookup_expr="gte",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=4,
        error_messages=AMOUNT_MESSAGES,
        widget=NumberInput,
    )
    investment_max = django_filters.NumberFilter(
        label=_("最高总投资（亿元）"),
        field_name="total_investment",
        lookup_expr="lte",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=4,
        error_messages=AMOUNT_MESSAGES,
        widget=NumberInput,
    )
    event = ModelChoiceFilter(
        label=_("签约活动"),
        queryset=published_events,
        to_field_name="slug",
        method="filter_event",
        empty_label=_("全部活动"),
        error_messages=chinese_messages(invalid_choice=_("没有这个活动，请从列表中选择。")),
    )
    year = django_filters.ChoiceFilter(
        label=_("签约年份"),
        choices=signing_years,
        method="filter_year",
        empty_label=_("全部年份"),
        error_messages=chinese_messages(invalid_choice=_("这一年没有签约记录，请从列表中选择。")),
    )
    ordering = ProjectOrderingFilter(
        label=_("排序"),
        choices=[
            ("-investment", _("总投资从高到低")),
            ("investment", _("总投资从低到高")),
            ("-signed", _("签约日期从近到远")),
            ("signed", _("签约日期从远到近")),
            ("name", _("项目名称（升序）")),
            ("-name", _("项目名称（降序）")),
        ],
        fields={"total_investment": "investment", "first_signed_on": "signed", "name": "name"},
        empty_label=_("最新发布"),
        help_text="",
        error_messages=chinese_messages(invalid_choice=_("没有这种排序方式，请从列表中选择。")),
    )

    class Meta:
        model = Project
        fields = []
        form = ProjectFilterForm

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The site search's index: words, not substrings (search/query.py).
        return queryset.filter(pk__in=search_lists.object_ids("project", value))

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def filter_industry(self, queryset, name, industry):
        return queryset.in_industry(industry)

    def filter_event(self, queryset, name, event):
        return queryset.filter(
            pk__in=Signing.objects.published().filter(event=event).values("project_id")
        )

    def filter_year(self, queryset, name, year):
        return queryset.signed_in(int(year))
