"""How projects, events and regions appear in the site search (search/registry.py)."""

from django.db.models import Prefetch
from django.utils.translation import pgettext_lazy

from languages.values import in_active_language
from search.registry import Entry, Source, register, register_regions, register_vocabulary

from .models import Company, Event, Industry, Project, Region


def area(region):
    """(the region's slug, its top-level region's slug)."""
    if region is None:
        return "", ""
    return region.slug, region.parent.slug if region.parent_id else region.slug


def projects_in_regions(pks):
    return Project.objects.filter(region__in=pks).values_list("pk", flat=True)


def projects_in_industries(pks):
    return Project.objects.filter(industries__in=pks).distinct().values_list("pk", flat=True)


def projects_of_investors(pks):
    return Project.objects.filter(investors__in=pks).distinct().values_list("pk", flat=True)


def events_in_regions(pks):
    return Event.objects.filter(region__in=pks).values_list("pk", flat=True)


@register
class ProjectSource(Source):
    model = Project
    kind = "project"
    label = pgettext_lazy("搜索类型", "项目")
    named_after = {
        Region: projects_in_regions,
        Industry: projects_in_industries,
        Company: projects_of_investors,
    }

    def prepared(self, queryset):
        # Into plain lists: a related manager per row and relation (what `.all()` on a
        # prefetched relation builds) costs more than the rest of the row's reading.
        return queryset.select_related("region", "region__parent").prefetch_related(
            Prefetch("industries", to_attr="indexed_industries"),
            Prefetch("investors", to_attr="indexed_investors"),
        )

    def entry(self, project):
        region, top = area(project.region)
        names = [project.region.name if project.region else ""]
        names += [i.name for i in project.indexed_industries]
        names += [c.name for c in project.indexed_investors]
        return Entry(
            title=project.name,
            body=" ".join(
                filter(
                    None,
                    [project.summary, project.body, *names, project.name_en, project.summary_en],
                )
            ),
            url=project.get_absolute_url(),
            published_at=project.published_at,
            region=region,
            area=top,
        )


@register
class EventSource(Source):
    model = Event
    kind = "event"
    label = pgettext_lazy("搜索类型", "活动")
    named_after = {Region: events_in_regions}

    def prepared(self, queryset):
        return queryset.select_related("region", "region__parent")

    def entry(self, event):
        region, top = area(event.region)
        return Entry(
            title=event.name,
            body=" ".join(
                filter(
                    None,
                    [event.summary, event.city, str(event.region or ""), event.name_en],
                )
            ),
            url=event.get_absolute_url(),
            published_at=event.published_at,
            region=region,
            area=top,
        )


@register_regions
def regions():
    """(slug, display_name in the active language, parent's slug) of every region, read as
    values: building the 149 models was most of a cold search page's first 10 ms."""
    rows = Region.objects.values_list(
        "slug", "short_name_zh_hans", "short_name_en", "name_zh_hans", "name_en", "parent__slug"
    )
    return [
        (
            slug,
            in_active_language(short, short_en) or in_active_language(name, name_en),
            parent or "",
        )
        for slug, short, short_en, name, name_en, parent in rows
    ]


@register_vocabulary(models=[Region, Industry, Company, Event])
def names():
    yield from Region.objects.values_list("name", flat=True)
    yield from Region.objects.exclude(short_name="").values_list("short_name", flat=True)
    yield from Industry.objects.values_list("name", flat=True)
    yield from Company.objects.values_list("name", flat=True)
    yield from Event.objects.values_list("name", flat=True)
