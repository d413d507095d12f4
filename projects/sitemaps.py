from jlsite.sitemaps import PublishedSitemap, ReferenceSitemap, SectionSitemap
from pagecache.sitemaps import RememberedSitemap
from projects.models import Event, Industry, Project, Region


class ProjectSectionSitemap(SectionSitemap):
    names = (
        "projects:project_list",
        "projects:event_list",
        "projects:region_list",
        "projects:industry_list",
        "projects:statistic_list",
    )


class ProjectSitemap(RememberedSitemap, PublishedSitemap):
    model = Project
    url_name = "projects:project_detail"


class EventSitemap(RememberedSitemap, PublishedSitemap):
    model = Event
    url_name = "projects:event_detail"


class RegionSitemap(RememberedSitemap, ReferenceSitemap):
    model = Region
    url_name = "projects:region_detail"


class IndustrySitemap(RememberedSitemap, ReferenceSitemap):
    model = Industry
    url_name = "projects:industry_detail"


SITEMAPS = {
    "project-sections": ProjectSectionSitemap,
    "projects": ProjectSitemap,
    "events": EventSitemap,
    "regions": RegionSitemap,
    "industries": IndustrySitemap,
}
