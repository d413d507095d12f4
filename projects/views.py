from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article
from jlsite.listing import FilteredListView, ForgivingPaginationMixin, forgiving_page
from pagecache.paginator import RememberedCountPaginator
from pagecache.versions import memoize, memoize_in_process
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


class ProjectListPaginator(RememberedCountPaginator):
    max_pages = 500  # 10,000 projects; past that a filter finds them faster than paging


class ProjectListView(FilteredListView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    paginator_class = ProjectListPaginator

    def get_queryset(self):
        return Project.objects.published().for_cards().newest_first()


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

    def get_context_data(self, **kwargs):
        # The 签约 line of the timeline comes from the signings the reader sees below it.
        timeline = self.object.timeline(self.object.signings.all())
        return super().get_context_data(timeline=timeline, **kwargs)


class EventListView(ForgivingPaginationMixin, ListView):
    """Upcoming events first (soonest first), then past and undated ones, newest first."""

    template_name = "projects/event_list.html"
    context_object_name = "past_events"
    paginator_class = RememberedCountPaginator

    def get_queryset(self):
        return Event.objects.published().select_related("region").past().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        Event.attach_totals(context["past_events"], public=True)
        context["upcoming_events"] = (
            Event.objects.published()
            .select_related("region")
            .upcoming()
            .order_by("start_date", "pk")
            .with_public_totals()
        )
        return context


class EventDetailView(DetailView):
    """An event, its figures and its signings, a page of them at a time: a large event
    (a provincial fair) signs thousands of projects."""

    template_name = "projects/event_detail.html"
    context_object_name = "event"
    signings_per_page = 50

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("region")
            .prefetch_related(Prefetch("articles", public_articles()))
        )

    def get_context_data(self, **kwargs):
        Event.attach_totals([self.object], public=True)
        context = super().get_context_data(**kwargs)
        signings = Signing.objects.published().filter(event=self.object).largest_first().as_rows()
        paginator = RememberedCountPaginator(signings, self.signings_per_page)
        page, error = forgiving_page(paginator, self.request.GET.get("page"))
        context.update(
            signings=page.object_list if page else [],
            page_obj=page,
            paginator=paginator,
            is_paginated=bool(page and page.has_other_pages()),
            page_error=error,
            page_range=paginator.get_elided_page_range(page.number) if page else [],
        )
        return context


class ProjectsHereMixin:
    """A page about a region or an industry: its latest published projects and signings."""

    def projects_here(self):
        raise NotImplementedError

    def signings_here(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = self.projects_here()
        context.update(
            projects=projects.for_cards().newest_first()[:RELATED_LIMIT],
            project_count=RememberedCountPaginator(projects, RELATED_LIMIT).count,
            signings=self.signings_here().newest_first().as_rows()[:RELATED_LIMIT],
        )
        return context


class RegionListView(TemplateView):
    """Cities and province-administered units, each with its counties and project count."""

    template_name = "projects/region_list.html"

    def get_context_data(self, **kwargs):
        regions = memoize("region-tree", Region.objects.tree)
        return super().get_context_data(regions=regions, **kwargs)


class RegionDetailView(ProjectsHereMixin, DetailView):
    template_name = "projects/region_detail.html"
    context_object_name = "region"

    def get_queryset(self):
        return Region.objects.select_related("parent")

    def projects_here(self):
        return Project.objects.published().in_region(self.object)

    def signings_here(self):
        return Signing.objects.published().in_region(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context.update(
            counties=memoize(
                f"counties:{region.pk}", lambda: list(region.children.with_project_counts())
            ),
            # A region's events and figures are a few rows that change only with the content:
            # kept per process they spare each request two queries and their building (about
            # 4 ms of the page's 25 at 100,000 projects).
            events=memoize_in_process(f"region-events:{region.pk}", lambda: self.events()),
            statistics=memoize_in_process(
                f"region-statistics:{region.pk}", lambda: self.statistics()
            ),
        )
        return context

    def events(self):
        within = Region.objects.within(self.object)
        return list(Event.objects.published().filter(region__in=within)[:RELATED_LIMIT])

    def statistics(self):
        within = Region.objects.within(self.object)
        return list(Statistic.objects.published().filter(region__in=within).for_display())


class IndustryListView(TemplateView):
    template_name = "projects/industry_list.html"

    def get_context_data(self, **kwargs):
        industries = memoize("industry-tree", Industry.objects.tree)
        return super().get_context_data(industries=industries, **kwargs)


class IndustryDetailView(ProjectsHereMixin, DetailView):
    template_name = "projects/industry_detail.html"
    context_object_name = "industry"

    def get_queryset(self):
        return Industry.objects.select_related("parent")

    def projects_here(self):
        return Project.objects.published().in_industry(self.object)

    def signings_here(self):
        return Signing.objects.published().in_industry(self.object)

    def get_context_data(self, **kwargs):
        industry = self.object
        subindustries = memoize_in_process(
            f"subindustries:{industry.pk}", lambda: list(industry.children.all())
        )
        return super().get_context_data(subindustries=subindustries, **kwargs)


class StatisticListView(TemplateView):
    template_name = "projects/statistic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statistics"] = Statistic.objects.published().for_display()
        return context
