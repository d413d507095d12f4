from django.contrib.sitemaps import Sitemap

from articles.models import Article, Policy, PolicyMeasure
from jlsite.sitemaps import PART_SIZE, PublishedSitemap, SectionSitemap
from pagecache.sitemaps import RememberedSitemap


class ArticleSectionSitemap(SectionSitemap):
    names = ("articles:article_list", "articles:policy_list")


class ArticleSitemap(RememberedSitemap, PublishedSitemap):
    model = Article
    priority = 0.7


class PolicySitemap(RememberedSitemap, PublishedSitemap):
    model = Policy
    url_name = "articles:policy_detail"


class MeasureSitemap(RememberedSitemap, Sitemap):
    """Measures of published policies."""

    limit = PART_SIZE

    def items(self):
        return (
            PolicyMeasure.objects.filter(policy__in=Policy.objects.published())
            .select_related("policy")
            .order_by("policy_id", "number")
        )


SITEMAPS = {
    "article-sections": ArticleSectionSitemap,
    "articles": ArticleSitemap,
    "policies": PolicySitemap,
    "measures": MeasureSitemap,
}
