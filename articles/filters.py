import django_filters
from django.db.models import Q

from articles.models import Article, Channel, PolicyMeasure
from jlsite.filters import StrictFilterSet, chinese_messages

MONTHS = [(month, f"{month}月") for month in range(1, 13)]


def channels(request):
    return Channel.objects.all()


def publication_years():
    """The years (Beijing time) in which articles were published, newest first."""
    moments = Article.objects.published().datetimes("published_at", "year", order="DESC")
    return [(moment.year, f"{moment.year}年") for moment in moments]


class ArticleFilter(StrictFilterSet):
    channel = django_filters.ModelChoiceFilter(
        label="栏目",
        queryset=channels,
        to_field_name="slug",
        empty_label="全部栏目",
        error_messages=chinese_messages(invalid_choice="没有这个栏目，请从列表中选择。"),
    )
    year = django_filters.ChoiceFilter(
        label="年份",
        choices=publication_years,
        method="filter_year",
        empty_label="全部年份",
        error_messages=chinese_messages(invalid_choice="这一年没有发布文章，请从列表中选择。"),
    )
    month = django_filters.ChoiceFilter(
        label="月份",
        choices=MONTHS,
        method="filter_month",
        empty_label="全部月份",
        error_messages=chinese_messages(invalid_choice="月份应为 1 到 12，请从列表中选择。"),
    )

    class Meta(StrictFilterSet.Meta):
        model = Article
        fields = []

    def filter_year(self, queryset, name, year):
        return queryset.filter(published_at__year=int(year))

    def filter_month(self, queryset, name, month):
        return queryset.filter(published_at__month=int(month))


class MeasureFilter(StrictFilterSet):
    q = django_filters.CharFilter(
        label="在条款中查找",
        method="filter_keyword",
        max_length=50,
        error_messages={"max_length": "关键词请不要超过 50 个字。"},
    )

    class Meta(StrictFilterSet.Meta):
        model = PolicyMeasure
        fields = []

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))
