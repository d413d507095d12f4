import django_filters
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Channel, PolicyMeasure
from formmarkup.forms import ContentFilterForm
from jlsite.filters import ModelChoiceFilter, StrictFilterSet, chinese_messages
from pagecache.versions import memoize


def months():
    return [(month, gettext("%(month)s月") % {"month": month}) for month in range(1, 13)]


def channels(request):
    return Channel.objects.all()


def publication_years():
    """The years (Beijing time) in which articles were published, newest first; remembered
    until the content changes (finding them reads every published article)."""
    years = memoize("article-years", lambda: Article.objects.published().publication_years())
    return [(year, gettext("%(year)s年") % {"year": year}) for year in years]


class ArticleFilter(StrictFilterSet):
    channel = ModelChoiceFilter(
        label=_("栏目"),
        queryset=channels,
        to_field_name="slug",
        empty_label=_("全部栏目"),
        error_messages=chinese_messages(invalid_choice=_("没有这个栏目，请从列表中选择。")),
    )
    year = django_filters.ChoiceFilter(
        label=_("年份"),
        choices=publication_years,
        method="filter_year",
        empty_label=_("全部年份"),
        error_messages=chinese_messages(invalid_choice=_("这一年没有发布文章，请从列表中选择。")),
    )
    month = django_filters.ChoiceFilter(
        label=_("月份"),
        choices=months,
        method="filter_month",
        empty_label=_("全部月份"),
        error_messages=chinese_messages(invalid_choice=_("月份应为 1 到 12，请从列表中选择。")),
    )

    class Meta(StrictFilterSet.Meta):
        model = Article
        fields = []
        form = ContentFilterForm

    def filter_year(self, queryset, name, year):
        return queryset.filter(published_at__year=int(year))

    def filter_month(self, queryset, name, month):
        return queryset.filter(published_at__month=int(month))


class MeasureFilter(StrictFilterSet):
    q = django_filters.CharFilter(
        label=_("在条款中查找"),
        method="filter_keyword",
        max_length=50,
        error_messages={"max_length": _("关键词请不要超过 50 个字。")},
    )

    class Meta(StrictFilterSet.Meta):
        model = PolicyMeasure
        fields = []

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))
