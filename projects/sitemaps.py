from jlsite.sitemaps import PublishedSitemap, ReferenceSitemap, SectionSitemap
from projects.models import Event, Industry, Project, Region


class ProjectSectionSitemap(SectionSitemap):
    names = (
        "projects:project_list",
        "projects:event_list",
        "projects:region_list",
        "projects:industry_list",
        "projects:statistic_list",
    )


class ProjectSitemap(PublishedSitemap):
    model = Project


class EventSitemap(PublishedSitemap):
    model = Event


class RegionSitemap(ReferenceSitemap):
    model = Region


class IndustrySitemap(ReferenceSitemap):
    model = Industry


SITEMAPS = {
    "project-sections": ProjectSectionSitemap,
    "projects": ProjectSitemap,
    "events": EventSitemap,
    "regions": RegionSitemap,
    "industries": IndustrySitemap,
}
