"""How articles, policies and their measures appear in the site search (search/registry.py)."""

from django.utils.translation import gettext, pgettext_lazy

from jlsite.publishing import PublicationStatus
from search.registry import Entry, Source, register

from .models import Article, Policy, PolicyMeasure


@register
class ArticleSource(Source):
    model = Article
    kind = "article"
    label = pgettext_lazy("搜索类型", "文章")

    def entry(self, article):
        return Entry(
            title=article.title,
            body=" ".join(filter(None, [article.subtitle, article.summary, article.body])),
            url=article.get_absolute_url(),
            published_at=article.published_at,
        )


@register
class PolicySource(Source):
    model = Policy
    kind = "policy"
    label = pgettext_lazy("搜索类型", "政策")

    def entry(self, policy):
        parts = [policy.short_title, policy.get_kind_display(), policy.document_number]
        parts += [policy.issuer, policy.summary, policy.body]
        return Entry(
            title=policy.title,
            body=" ".join(filter(None, parts)),
            url=policy.get_absolute_url(),
            published_at=policy.published_at,
        )


def measures_of(policy_pks):
    return PolicyMeasure.objects.filter(policy__in=policy_pks).values_list("pk", flat=True)


@register
class MeasureSource(Source):
    """A measure is public while its policy is."""

    model = PolicyMeasure
    kind = "measure"
    label = pgettext_lazy("搜索类型", "政策条款")
    depends_on = {Policy: measures_of}

    def indexable(self):
        return PolicyMeasure.objects.filter(
            policy__status=PublicationStatus.PUBLISHED, policy__published_at__isnull=False
        )

    def prepared(self, queryset):
        return queryset.select_related("policy")

    def entry(self, measure):
        number = gettext("第%(number)s条") % {"number": measure.number}  # English: Article 3
        return Entry(
            title=f"{measure.policy.short_title} {number} {measure.title}".strip(),
            body=measure.text,
            url=measure.get_absolute_url(),
            published_at=measure.policy.published_at,
        )
