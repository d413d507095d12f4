"""sitemap.xml: the public pages, published content only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Policy, PolicyMeasure
from projects.models import Event, Industry, Project, Region


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "projects:project_list",
            "projects:event_list",
            "projects:region_list",
            "projects:industry_list",
            "projects:statistic_list",
            "articles:article_list",
            "articles:policy_list",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    """Published rows of `model`, dated by their last change."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(PublishedSitemap):
    model = Project


class EventSitemap(PublishedSitemap):
    model = Event


class ArticleSitemap(PublishedSitemap):
    model = Article
    priority = 0.7


class PolicySitemap(PublishedSitemap):
    model = Policy


class MeasureSitemap(Sitemap):
    def items(self):
        return (
            PolicyMeasure.objects.filter(policy__in=Policy.objects.published())
            .select_related("policy")
            .order_by("policy_id", "number")
        )

    def location(self, item):
        return reverse("articles:measure_detail", args=[item.policy.slug, item.number])


class ReferenceSitemap(Sitemap):
    """Regions and industries: reference data, always public."""

    model = None

    def items(self):
        return self.model.objects.order_by("pk")


class RegionSitemap(ReferenceSitemap):
    model = Region


class IndustrySitemap(ReferenceSitemap):
    model = Industry


SITEMAPS = {
    "sections": SectionSitemap,
    "projects": ProjectSitemap,
    "events": EventSitemap,
    "articles": ArticleSitemap,
    "policies": PolicySitemap,
    "measures": MeasureSitemap,
    "regions": RegionSitemap,
    "industries": IndustrySitemap,
}
