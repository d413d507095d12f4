from django.contrib.sitemaps import Sitemap

from articles.models import Article, Policy, PolicyMeasure
from jlsite.sitemaps import PART_SIZE, PublishedSitemap, SectionSitemap


class ArticleSectionSitemap(SectionSitemap):
    names = ("articles:article_list", "articles:policy_list")


class ArticleSitemap(PublishedSitemap):
    model = Article
    priority = 0.7


class PolicySitemap(PublishedSitemap):
    model = Policy
    url_name = "articles:policy_detail"


class MeasureSitemap(Sitemap):
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
