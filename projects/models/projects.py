from dataclasses import dataclass
from datetime import date

from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jlsite.publishing import Publishable, PublishableQuerySet
from jlsite.slugs import SluggedModel
from projects.addresses import slug_url
from richtext.html import SanitizedHTMLField

from .indexes import SortIndex, english_name_key


class ProjectStage(models.TextChoices):
    PLANNING = "planning", _("谋划招商")
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("已签约")
    UNDER_CONSTRUCTION = "under_construction", _("已开工在建")
    IN_OPERATION = "in_operation", _("已投产")


# The first day of the year after the date `day`, in each database's SQL.
NEXT_YEAR = {
    "postgresql": "CAST(date_trunc('year', day) + interval '1 year' AS date)",
    "sqlite": "date(day, 'start of year', '+1 year')",
}


# What published() tests: an index that carries them serves a public list from the index alone.
PUBLIC_COLUMNS = ["status", "published_at"]


class ProjectQuerySet(PublishableQuerySet):
    def in_region(self, region):
        """Projects in the region or one of its counties (a subquery: no join to sort by)."""
        from .regions import Region

        return self.filter(region__in=Region.objects.within(region).values("pk"))

    def in_industry(self, industry):
        """Projects tagged with the industry or one of its children, each once.

        A subquery rather than a join, so no DISTINCT is needed.
        """
        return self.filter(pk__in=self.tagged_ids(industry))

    def tagged_ids(self, industry):
        """The ids of the projects tagged with the industry or one of its children (a
        subquery; drafts too)."""
        from .industries import Industry

        return Project.industries.through.objects.filter(
            industry__in=Industry.objects.within(industry)
        ).values("project_id")

    def newest_first(self):
        return self.order_by(*self.model._meta.ordering)

    def signed_in(self, year):
        return self.filter(first_signed_on__year=year)

    def signing_years(self):
        """The years of these projects' first signings, newest first.

        One query that jumps through the first_signed_on index from each year to the next
        instead of reading every project (a recursive CTE; Django's ORM has none).
        """
        connection = connections[self.db]
        signed = self.filter(first_signed_on__isnull=False).order_by("first_signed_on")
        signed = signed.values("first_signed_on")
        after = RawSQL(NEXT_YEAR[connection.vendor], (), output_field=models.DateField())
        first, first_params = signed[:1].query.sql_with_params()
        step, step_params = signed.filter(first_signed_on__gte=after)[:1].query.sql_with_params()
        sql = (
            f"WITH RECURSIVE years(day) AS (SELECT ({first}) UNION ALL "
            f"SELECT ({step}) FROM years WHERE day IS NOT NULL) "
            "SELECT day FROM years WHERE day IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*first_params, *step_params))
            days = [models.DateField().to_python(day) for (day,) in cursor.fetchall()]
        return sorted((day.year for day in days), reverse=True)

    # A card (projects/templatetags/cards.py) shows these columns and no body.
    CARD_FIELDS = ("slug", "name", "summary", "region", "total_investment", "stage",
                   "first_signed_on")  # fmt: skip

    def for_cards(self):
        """What a project card shows, in two queries: the projects' card columns, then their
        industries' ids. Each project gets `place` (its region after its city, or None) and
        `industry_names` (in the industries' order), named in the language active when the
        rows are read, from the region and industry names kept per content version: joining
        and building each project's region, city and industries cost a list more than the
        rest of its queries."""
        clone = self.only(*self.CARD_FIELDS)
        clone._iterable_class = CardIterable
        return clone


class CardIterable(ModelIterable):
    """Projects as for_cards() reads them, named once the whole page of rows is read."""

    def __iter__(self):
        projects = list(super().__iter__())
        name_places_and_industries(projects)
        yield from projects


def name_places_and_industries(projects):
    """Set `place` and `industry_names` on `projects` (see ProjectQuerySet.for_cards)."""
    from projects.names import industry_names, place_names

    if not projects:
        return
    links = Project.industries.through.objects.filter(project_id__in=[p.pk for p in projects])
    links = list(links.values_list("project_id", "industry_id"))
    industries = industry_names(industry_id for _, industry_id in links)
    places = place_names(project.region_id for project in projects)
    tagged = {}
    for project_id, industry_id in links:
        tagged.setdefault(project_id, []).append(industries[industry_id])
    for project in projects:
        project.place = places.get(project.region_id)
        project.industry_names = [name for _, name in sorted(tagged.get(project.pk, ()))]


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
    # Kept by database triggers (migration 0006) from the signings, whatever writes them: the
    # earliest date among signings outside events or at events marked 已发布, so a draft
    # event's signings stay unseen. Any other write to it is replaced by that value.
    first_signed_on = models.DateField(
        "签约日期",
        null=True,
        editable=False,
        help_text="由签约记录自动得出：活动外签约和已发布活动上的签约中最早的日期。",
    )

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
            # The project list: newest published first (the default), by amount, by name, the
            # featured ones on the home page; each read in index order, without sorting.
            # Ordering by "name" sorts by the page language's column (modeltranslation), so the
            # newest-first indexes name those columns.
            models.Index(
                F("published_at").desc(),
                "name_zh_hans",
                "id",
                name="project_public_newest_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                F("published_at").desc(),
                "name_en",
                "id",
                name="project_public_newest_en_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                F("published_at").desc(),
                "name_zh_hans",
                "id",
                name="project_featured_idx",
                condition=Q(status="published", featured=True),
            ),
            # The other orderings of the list carry the columns every public list filters on, so
            # that a deep page reads the index alone (pagecache/paginator.py, deferred_from).
            SortIndex(
                F("total_investment").asc(nulls_last=True),
                "id",
                name="project_investment_idx",
                include=PUBLIC_COLUMNS,
            ),
            SortIndex(
                F("total_investment").desc(nulls_last=True),
                "id",
                name="project_investment_desc_idx",
                include=PUBLIC_COLUMNS,
            ),
            models.Index("name_zh_hans", "id", name="project_name_zh_idx", include=PUBLIC_COLUMNS),
            models.Index(
                F("name_zh_hans").desc(), "id", name="project_name_desc_idx", include=PUBLIC_COLUMNS
            ),
            # The English list by name (projects/filters.py): the same expression, both ways.
            models.Index(
                english_name_key(), "id", name="project_english_name_idx", include=PUBLIC_COLUMNS
            ),
            models.Index(
                english_name_key().desc(),
                "id",
                name="project_english_name_desc_idx",
                include=PUBLIC_COLUMNS,
            ),
            # The project list's orderings by signing date (StableOrderingFilter).
            SortIndex(
                F("first_signed_on").desc(nulls_last=True),
                "id",
                name="project_signed_desc_idx",
                include=PUBLIC_COLUMNS,
            ),
            SortIndex(
                F("first_signed_on").asc(nulls_last=True),
                "id",
                name="project_signed_asc_idx",
                include=PUBLIC_COLUMNS,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("projects:project_detail", self.slug)

    def timeline(self, signings):
        """项目进展: the milestones in date order with, first on its day, the earliest dated of
        `signings` (those the reader may see), which is the project's 签约."""
        entries = [m.as_timeline_entry() for m in self.milestones.all()]
        dated = [s for s in signings if s.signed_on is not None]
        if dated:
            first = min(dated, key=lambda s: (s.signed_on, s.pk))
            event = first.event if first.event_id else None
            entries.append(
                TimelineEntry(
                    first.signed_on,
                    gettext_noop("签约"),
                    event.name if event else "",
                    url=event.get_absolute_url() if event else "",
                )
            )
        return sorted(entries, key=lambda e: (e.date, e.kind != "签约"))


class MilestoneKind(models.TextChoices):
    """Progress after signing; the 签约 entry of a timeline comes from the signings."""

    CONSTRUCTION_STARTED = "construction_started", _("开工")
    LAUNCHED = "launched", _("启动")
    ROLLED_OFF = "rolled_off", _("下线")
    IN_OPERATION = "in_operation", _("投产")
    OTHER = "other", _("其他")


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=32, choices=MilestoneKind.choices)
    description = models.CharField(
        "进展说明", max_length=300, blank=True, help_text="如“全面开工”；只有类型可说时留空。"
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneKind.values), name="milestone_kind_known"
            ),
        ]

    def __str__(self):
        return " ".join(
            filter(None, (f"{self.date:%Y-%m-%d}", self.get_kind_display(), self.detail))
        )

    @property
    def detail(self):
        """The description, unless it only repeats the kind (“开工 开工”)."""
        return "" if self.description == self.get_kind_display() else self.description

    def as_timeline_entry(self):
        source = self.source_article
        return TimelineEntry(
            self.date,
            self.get_kind_display(),
            self.detail,
            source=source if source is not None and source.is_public else None,
        )


@dataclass(frozen=True)
class TimelineEntry:
    """A dated line of a project's 项目进展: a milestone, or the signing."""

    date: date
    kind: str
    text: str = ""
    url: str = ""
    source: object = None  # a public Article the entry comes from
