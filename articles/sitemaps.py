from articles.models import Article, Policy, PolicyMeasure
from jlsite.sitemaps import NUMBER, SLUG, PublishedSitemap, SectionSitemap, SlugSitemap
from pagecache.sitemaps import RememberedSitemap


class ArticleSectionSitemap(SectionSitemap):
    names = ("articles:article_list", "articles:policy_list")


class ArticleSitemap(RememberedSitemap, PublishedSitemap):
    model = Article
    priority = 0.7


class PolicySitemap(RememberedSitemap, PublishedSitemap):
    model = Policy
    url_name = "articles:policy_detail"


class MeasureSitemap(RememberedSitemap, SlugSitemap):
    """Measures of published policies, each at its policy's slug and its number."""

    url_name = "articles:measure_detail"
    address_fields = ("policy__slug", "number")
    stand_ins = (SLUG, NUMBER)

    def items(self):
        published = Policy.objects.published()
        return (
            PolicyMeasure.objects.filter(policy__in=published)
            .select_related("policy")
            .order_by("pk")
        )


SITEMAPS = {
    "article-sections": ArticleSectionSitemap,
    "articles": ArticleSitemap,
    "policies": PolicySitemap,
    "measures": MeasureSitemap,
}
