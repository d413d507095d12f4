from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article
from jlsite.listing import FilteredListView, ForgivingPaginationMixin
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


def events_with_totals():
    return Event.objects.published().with_totals(public=True).select_related("region")


class EventListView(ForgivingPaginationMixin, ListView):
    """Upcoming events first (soonest first), then past and undated ones, newest first."""

    template_name = "projects/event_list.html"
    context_object_name = "past_events"

    def get_queryset(self):
        return events_with_totals().past().newest_first()

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


class ProjectsHereMixin:
    """A page about a region or an industry: its latest published projects and signings."""

    def projects_here(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = self.projects_here()
        context.update(
            projects=projects.for_cards()[:RELATED_LIMIT],
            project_count=projects.count(),
            signings=Signing.objects.published()
            .filter(project__in=projects)
            .newest_first()[:RELATED_LIMIT],
        )
        return context


class RegionListView(TemplateView):
    """Cities and province-administered units, each with its counties and project count."""

    template_name = "projects/region_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=Region.objects.tree(), **kwargs)


class RegionDetailView(ProjectsHereMixin, DetailView):
    template_name = "projects/region_detail.html"
    context_object_name = "region"

    def get_queryset(self):
        return Region.objects.select_related("parent")

    def projects_here(self):
        return Project.objects.published().in_region(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        within = Region.objects.within(self.object)
        context.update(
            counties=self.object.children.with_project_counts(),
            events=Event.objects.published().filter(region__in=within)[:RELATED_LIMIT],
            statistics=Statistic.objects.published().filter(region__in=within).for_display(),
        )
        return context


class IndustryListView(TemplateView):
    template_name = "projects/industry_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(industries=Industry.objects.tree(), **kwargs)


class IndustryDetailView(ProjectsHereMixin, DetailView):
    template_name = "projects/industry_detail.html"
    context_object_name = "industry"

    def get_queryset(self):
        return Industry.objects.select_related("parent")

    def projects_here(self):
        return Project.objects.published().in_industry(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subindustries=self.object.children.all(), **kwargs)


class StatisticListView(TemplateView):
    template_name = "projects/statistic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statistics"] = Statistic.objects.published().for_display()
        return context
