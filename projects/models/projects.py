from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse

from jlsite.html import SanitizedHTMLField
from jlsite.publishing import Publishable, PublishableQuerySet
from jlsite.slugs import SluggedModel


class ProjectStage(models.TextChoices):
    PLANNING = "planning", "谋划招商"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "已签约"
    UNDER_CONSTRUCTION = "under_construction", "已开工在建"
    IN_OPERATION = "in_operation", "已投产"


class ProjectQuerySet(PublishableQuerySet):
    def in_region(self, region):
        return self.filter(Q(region=region) | Q(region__parent=region))

    def in_industry(self, industry):
        """Projects tagged with the industry or one of its children, each once.

        A subquery rather than a join, so no DISTINCT is needed (it would upset ordering by
        annotations such as the first signing date).
        """
        from .industries import Industry

        tagged = Project.industries.through.objects.filter(
            industry__in=Industry.objects.within(industry)
        ).values("project_id")
        return self.filter(pk__in=tagged)

    def newest_first(self):
        """The default order, spelled out: aggregating drops Meta.ordering."""
        return self.order_by(*self.model._meta.ordering)

    def with_first_signing(self):
        return self.annotate(first_signed_on=Min("signings__signed_on"))

    def for_cards(self):
        """What a project card or row shows, in a fixed number of queries."""
        return self.select_related("region", "region__parent").prefetch_related("industries")


class Project(SluggedModel, Publishable):
    code = models.CharField(
        "项目编号",
        max_length=50,
        blank=True,
        help_text="地方或部门的项目编号，可留空；填写时不得重复。",
    )
    name = models.CharField("项目名称", max_length=200)
    slug = models.SlugField(
        "网址标识",
        max_length=200,
        unique=True,
        blank=True,
        help_text="留空则按项目名称拼音生成；发布后保持不变，改名也不影响已公开的链接。",
    )
    region = models.ForeignKey(
        "projects.Region",
        verbose_name="所在地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text="来源未说明所在地区时留空。",
    )
    industries = models.ManyToManyField(
        "projects.Industry", verbose_name="所属产业", blank=True, related_name="projects"
    )
    investors = models.ManyToManyField(
        "projects.Company", verbose_name="投资方", blank=True, related_name="projects"
    )
    total_investment = models.DecimalField(
        "总投资（亿元）",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="项目计划总投资，单位亿元；未公布时留空。",
    )
    stage = models.CharField(
        "项目阶段", max_length=32, choices=ProjectStage.choices, blank=True, db_index=True
    )
    summary = models.TextField("项目简介", blank=True)
    body = SanitizedHTMLField("详细介绍", blank=True)
    featured = models.BooleanField("推荐项目", default=False, help_text="在首页“重点项目”中展示。")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-published_at", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="project_code_unique_when_present"
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0) | Q(total_investment__isnull=True),
                name="project_total_investment_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["total_investment"], name="project_investment_idx"),
            models.Index(fields=["name"], name="project_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.slug])


class MilestoneKind(models.TextChoices):
    SIGNED = "signed", "签约"
    CONSTRUCTION_STARTED = "construction_started", "开工"
    LAUNCHED = "launched", "启动"
    ROLLED_OFF = "rolled_off", "下线"
    IN_OPERATION = "in_operation", "投产"
    OTHER = "other", "其他"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=32, choices=MilestoneKind.choices)
    description = models.CharField("进展说明", max_length=300, help_text="如“全面开工”。")
    source_article = models.ForeignKey(
        "articles.Article",
        verbose_name="来源文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )

    class Meta:
        verbose_name = "项目进展"
        verbose_name_plural = "项目进展"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.description}"
