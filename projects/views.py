from itertools import groupby

from django.db.models import Count, F, Prefetch, Q
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article
from jlsite.listing import FilteredListView, ForgivingPaginationMixin
from jlsite.templatetags.formatting import plain_number
from projects.filters import ProjectFilter
from projects.models import (
    Event,
    Industry,
    Milestone,
    Project,
    Region,
    Signing,
    Statistic,
)

RELATED_LIMIT = 20


def public_articles():
    return Article.objects.published().for_lists()


class ProjectListView(FilteredListView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"

    def get_queryset(self):
        # Aggregating drops Meta.ordering, so the default order is spelled out.
        return (
            Project.objects.published()
            .for_cards()
            .with_first_signing()
            .order_by("-published_at", "name", "pk")
        )


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            Project.objects.published()
            .select_related("region", "region__parent")
            .prefetch_related(
                "industries",
                "investors",
                Prefetch("milestones", Milestone.objects.select_related("source_article")),
                Prefetch("signings", Signing.objects.published().newest_first()),
                Prefetch("articles", public_articles()),
            )
        )


def events_with_totals():
    return Event.objects.published().with_totals(public=True).select_related("region")


class EventListView(ForgivingPaginationMixin, ListView):
    """Upcoming events first (soonest first), then past and undated ones, newest first."""

    template_name = "projects/event_list.html"
    context_object_name = "past_events"

    def get_queryset(self):
        return (
            events_with_totals()
            .past()
            .order_by(F("start_date").desc(nulls_last=True), "-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming_events"] = events_with_totals().upcoming().order_by("start_date", "pk")
        return context


class EventDetailView(DetailView):
    template_name = "projects/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return events_with_totals().prefetch_related(Prefetch("articles", public_articles()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signings = Signing.objects.published().filter(event=self.object)
        context["signings"] = signings.select_related("project", "project__region").order_by(
            F("contract_investment").desc(nulls_last=True), "project__name", "pk"
        )
        return context


def with_published_project_counts(regions):
    return regions.annotate(
        project_count=Count("projects", filter=Q(projects__in=Project.objects.published()))
    )


class RegionListView(TemplateView):
    """Cities and province-administered units, each with its counties and project count."""

    template_name = "projects/region_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regions = list(with_published_project_counts(Region.objects.all()))
        children = {}
        for region in regions:
            children.setdefault(region.parent_id, []).append(region)
        top_level = children.get(None, [])
        for region in top_level:
            region.counties = children.get(region.pk, [])
            region.total_project_count = region.project_count + sum(
                county.project_count for county in region.counties
            )
        context["regions"] = top_level
        return context


class RegionDetailView(DetailView):
    template_name = "projects/region_detail.html"
    context_object_name = "region"

    def get_queryset(self):
        return Region.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        projects = Project.objects.published().in_region(region)
        within = Region.objects.within(region)
        context.update(
            counties=with_published_project_counts(region.children.all()),
            projects=projects.for_cards()[:RELATED_LIMIT],
            project_count=projects.count(),
            signings=Signing.objects.published()
            .filter(project__region__in=within)
            .newest_first()[:RELATED_LIMIT],
            events=Event.objects.published().filter(region__in=within)[:RELATED_LIMIT],
            statistics=Statistic.objects.published().filter(region__in=within).for_display(),
        )
        return context


def industry_tree():
    """Industries with their children and the number of published projects in each.

    A parent's count includes its children's projects, each project once.
    """
    industries = list(Industry.objects.all())
    links = Project.industries.through.objects.filter(
        project__in=Project.objects.published()
    ).values_list("project_id", "industry_id")
    projects_of = {}
    for project_id, industry_id in links:
        projects_of.setdefault(industry_id, set()).add(project_id)
    children = {}
    for industry in industries:
        children.setdefault(industry.parent_id, []).append(industry)
    for industry in industries:
        industry.subindustries = children.get(industry.pk, [])
        covered = set(projects_of.get(industry.pk, ()))
        for child in industry.subindustries:
            covered |= projects_of.get(child.pk, set())
        industry.project_count = len(covered)
    return children.get(None, [])


class IndustryListView(TemplateView):
    template_name = "projects/industry_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["industries"] = industry_tree()
        return context


class IndustryDetailView(DetailView):
    template_name = "projects/industry_detail.html"
    context_object_name = "industry"

    def get_queryset(self):
        return Industry.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        industry = self.object
        projects = Project.objects.published().in_industry(industry)
        context.update(
            subindustries=industry.children.all(),
            projects=projects.for_cards()[:RELATED_LIMIT],
            project_count=projects.count(),
            signings=Signing.objects.published()
            .filter(project__in=Project.objects.in_industry(industry))
            .newest_first()[:RELATED_LIMIT],
        )
        return context


def series_key(statistic):
    """Indicator, then the province (first) or the region, in the regions' order."""
    region = statistic.region
    return (statistic.indicator, region.order if region else -1, statistic.region_id or 0)


def statistic_series(statistics):
    """Statistics grouped by indicator and region, each group in time order, for the charts."""
    keyed = sorted(statistics, key=lambda s: (*series_key(s), s.year, s.month_end, s.month_start))
    series = []
    for number, (key, group) in enumerate(groupby(keyed, key=series_key), start=1):
        indicator = key[0]
        rows = list(group)
        where = rows[0].region.name if rows[0].region_id else "全省"
        values = [
            (s.period_label, s.value, f"{plain_number(s.value)}{s.unit}")
            for s in rows
            if s.value is not None
        ]
        growth = [
            (
                s.period_label,
                s.yoy_growth,
                f"{'约' if s.approximate else ''}{plain_number(s.yoy_growth)}%",
            )
            for s in rows
            if s.yoy_growth is not None
        ]
        unit = rows[0].unit
        series.append(
            {
                "id": f"stat-{number}",
                "indicator": indicator,
                "where": where,
                "rows": rows,
                "values": values,
                "growth": growth,
                "values_title": f"{where}{indicator}（{unit}）" if unit else f"{where}{indicator}",
                "growth_title": f"{where}{indicator}同比增长（%）",
            }
        )
    return series


class StatisticListView(TemplateView):
    template_name = "projects/statistic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series"] = statistic_series(Statistic.objects.published().for_display())
        return context
