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
    url_name = "projects:project_detail"


class EventSitemap(PublishedSitemap):
    model = Event
    url_name = "projects:event_detail"


class RegionSitemap(ReferenceSitemap):
    model = Region
    url_name = "projects:region_detail"


class IndustrySitemap(ReferenceSitemap):
    model = Industry
    url_name = "projects:industry_detail"


SITEMAPS = {
    "project-sections": ProjectSectionSitemap,
    "projects": ProjectSitemap,
    "events": EventSitemap,
    "regions": RegionSitemap,
    "industries": IndustrySitemap,
}
