from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jlsite.slugs import SluggedModel
from projects.addresses import slug_url


class IndustryTier(models.TextChoices):
    TRILLION = "trillion", _("万亿级")
    HUNDRED_BILLION = "hundred_billion", _("千亿级")
    OTHER = "other", _("其他")


class IndustryQuerySet(models.QuerySet):
    def within(self, industry):
        """The industry itself and its child industries."""
        return self.filter(Q(pk=industry.pk) | Q(parent=industry))

    def names_in_order(self):
        """{industry id: (its position in the industries' order, its name)}."""
        return {industry.pk: (n, industry.name) for n, industry in enumerate(self)}

    def tree(self):
        """Top-level industries, each with `subindustries` and `project_count`: the published
        projects tagged with it or a child, each project once."""
        from .projects import Project

        industries = list(self)
        links = Project.industries.through.objects.filter(
            project__in=Project.objects.published()
        ).values_list("project_id", "industry_id")
        projects_of = {}
        for project_id, industry_id in links:
            projects_of.setdefault(industry_id, set()).add(project_id)
        children = {}
        for industry in industries:
            children.setdefault(industry.parent_id, []).append(industry)
        for industry in industries:
            industry.subindustries = children.get(industry.pk, [])
            covered = set(projects_of.get(industry.pk, ()))
            for child in industry.subindustries:
                covered |= projects_of.get(child.pk, set())
            industry.project_count = len(covered)
        return children.get(None, [])


class Industry(SluggedModel):
    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField(
        "网址标识", max_length=200, unique=True, blank=True, help_text="留空则按名称拼音生成。"
    )
    tier = models.CharField(
        "产业层级", max_length=20, choices=IndustryTier.choices, default=IndustryTier.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级产业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    description = models.TextField("简介", blank=True)

    objects = IndustryQuerySet.as_manager()

    class Meta:
        verbose_name = "产业"
        verbose_name_plural = "产业"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("projects:industry_detail", self.slug)
