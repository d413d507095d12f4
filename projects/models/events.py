from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jlsite.chinese import marked
from jlsite.publishing import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    public_q,
)
from jlsite.slugs import SluggedModel
from projects.addresses import slug_url

from .indexes import SortIndex

LARGE_PROJECT_THRESHOLD = Decimal("10")  # 亿元: the sources count “10亿元及以上项目”


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("大会")
    PROMOTION = "promotion", _("推介会")
    TRADE_EXCHANGE = "trade_exchange", _("经贸交流会")
    MATCHMAKING = "matchmaking", _("项目对接会")
    ONLINE = "online", _("云招商")
    OTHER = "other", _("其他")


class ReportedAmountBasis(models.TextChoices):
    CONTRACT = "contract", _("合同引资额")
    TOTAL = "total", _("总投资额")


def _amount_sum(path, condition):
    return Coalesce(
        Sum(path, filter=condition),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=16, decimal_places=4),
    )


class EventQuerySet(PublishableQuerySet):
    def with_totals(self, public=False):
        """Recorded figures computed from the event's signings, in the same query.

        Amounts are summed both as contract investment (合同引资额) and as the signed
        projects' total investment (总投资), because organisers report either. With
        `public=True` only signings of published projects count, so public pages never
        reveal figures of draft projects.
        """
        counted = Q()
        if public:
            counted = public_q("signings__project__")
        return self.annotate(
            recorded_count=Count("signings", filter=counted, distinct=True),
            recorded_contract_amount=_amount_sum("signings__contract_investment", counted),
            recorded_total_investment=_amount_sum("signings__project__total_investment", counted),
            recorded_large_by_contract=Count(
                "signings",
                filter=counted & Q(signings__contract_investment__gte=LARGE_PROJECT_THRESHOLD),
                distinct=True,
            ),
            recorded_large_by_total=Count(
                "signings",
                filter=counted
                & Q(signings__project__total_investment__gte=LARGE_PROJECT_THRESHOLD),
                distinct=True,
            ),
        )

    def newest_first(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-published_at", "-pk")

    def with_public_totals(self):
        """The events, each with its recorded figures from public signings only, counted for
        just these events in one grouped query and remembered until the content changes
        (annotating the whole queryset aggregates every signing of every event)."""
        events = list(self)
        Event.attach_totals(events, public=True)
        return events

    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate())

    def past(self):
        return self.filter(Q(start_date__lt=timezone.localdate()) | Q(start_date__isnull=True))


class Event(SluggedModel, Publishable):
    name = models.CharField("活动名称", max_length=200, unique=True)
    slug = models.SlugField(
        "网址标识", max_length=200, unique=True, blank=True, help_text="留空则按活动名称拼音生成。"
    )
    kind = models.CharField("活动类型", max_length=32, choices=EventKind.choices)
    region = models.ForeignKey(
        "projects.Region",
        verbose_name="举办地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    city = models.CharField("举办城市", max_length=50, blank=True, help_text="省外城市写在这里。")
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    online = models.BooleanField("线上活动", default=False)
    summary = models.TextField("活动简介", blank=True)
    reported_project_count = models.PositiveIntegerField(
        "公布签约项目数", null=True, blank=True, help_text="主办方公布的数字；未公布时留空。"
    )
    reported_amount = models.DecimalField(
        "公布签约总额（亿元）",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="主办方公布的金额；注意区分合同引资额与总投资额。",
    )
    reported_amount_basis = models.CharField(
        "公布金额口径",
        max_length=16,
        choices=ReportedAmountBasis.choices,
        default=ReportedAmountBasis.CONTRACT,
    )
    reported_large_count = models.PositiveIntegerField(
        "公布10亿元以上项目数", null=True, blank=True
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "招商活动"
        verbose_name_plural = "招商活动"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_amount__gte=0) | Q(reported_amount__isnull=True),
                name="event_reported_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date"))
                | Q(end_date__isnull=True)
                | Q(start_date__isnull=True),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("projects:event_detail", self.slug)

    TOTALS = ("recorded_count", "recorded_contract_amount", "recorded_total_investment",
              "recorded_large_by_contract", "recorded_large_by_total")  # fmt: skip

    @classmethod
    def attach_totals(cls, events, public=False):
        """Set the recorded figures on `events` (see EventQuerySet.with_totals)."""
        from pagecache.versions import memoize

        ids = sorted({event.pk for event in events})
        if not ids:
            return
        by_event = memoize(
            f"event-totals:{int(public)}:{','.join(map(str, ids))}",
            lambda: Signing.objects.totals_by_event(ids, public=public),
        )
        for event in events:
            found = by_event.get(event.pk, {})
            for name in cls.TOTALS:
                zero = Decimal("0") if "amount" in name or "investment" in name else 0
                setattr(event, name, found.get(name, zero))

    @property
    def report_source(self):
        """Where the announced figures were published: the earliest public report on the
        event (its source and date), from the articles prefetched for the page."""
        from jlsite.templatetags.formatting import cn_date

        reports = [a for a in self.articles.all() if a.published_at is not None]
        if not reports:
            return ""
        first = min(reports, key=lambda article: article.published_at)
        date = cn_date(first.published_at)
        return format_html("{} {}", marked(first.source), date) if first.source else date

    def _totals(self):
        if not hasattr(self, "recorded_count"):
            annotated = type(self).objects.with_totals().get(pk=self.pk)
            for name in (
                "recorded_count",
                "recorded_contract_amount",
                "recorded_total_investment",
                "recorded_large_by_contract",
                "recorded_large_by_total",
            ):
                setattr(self, name, getattr(annotated, name))
        return self

    @property
    def recorded_amount(self):
        """The recorded sum on the same basis as the organiser's reported figure."""
        self._totals()
        if self.reported_amount_basis == ReportedAmountBasis.TOTAL:
            return self.recorded_total_investment
        return self.recorded_contract_amount

    @property
    def recorded_large_count(self):
        self._totals()
        if self.reported_amount_basis == ReportedAmountBasis.TOTAL:
            return self.recorded_large_by_total
        return self.recorded_large_by_contract

    def figure_comparison(self):
        """(label, reported, recorded, matches) for each figure the organiser can report."""
        self._totals()
        rows = [
            ("签约项目数", self.reported_project_count, self.recorded_count),
            (
                f"签约{self.get_reported_amount_basis_display()}（亿元）",
                self.reported_amount,
                self.recorded_amount,
            ),
            ("10亿元及以上项目数", self.reported_large_count, self.recorded_large_count),
        ]
        return [
            (label, reported, recorded, reported is None or reported == recorded)
            for label, reported, recorded in rows
        ]

    @property
    def has_mismatch(self):
        return any(not matches for *_, matches in self.figure_comparison())


class SigningQuerySet(models.QuerySet):
    def published(self):
        """Signings the public may see: of a published project, at a published event or none.

        Conditions on the joined rows, not `IN (published …)` subqueries: a signing table
        joins its project and event anyway, and PostgreSQL spent longer planning the
        subqueries (8 ms on a region page) than running them.
        """
        now = timezone.now()
        return self.filter(public_q("project__", now)).filter(
            Q(event__isnull=True) | public_q("event__", now)
        )

    def in_region(self, region):
        """Signings of projects in the region or its counties; published() already joins the
        project, so no subquery of projects is needed (PostgreSQL plans the page faster)."""
        from .regions import Region

        return self.filter(project__region__in=Region.objects.within(region).values("pk"))

    def in_industry(self, industry):
        """Signings of projects tagged with the industry or one of its children."""
        from .projects import Project

        return self.filter(project__in=Project.objects.tagged_ids(industry))

    def dating_projects(self):
        """Those that date their project (Project.first_signed_on, kept by triggers that say
        the same in SQL): outside events, or at an event marked 已发布."""
        return self.filter(Q(event__isnull=True) | Q(event__status=PublicationStatus.PUBLISHED))

    def for_rows(self):
        """What a signing table's row shows (projects/templatetags/signings.py) and no more:
        a project's body is long, and its region is named from projects.names."""
        from projects.names import translated

        return self.select_related("project", "event").only(
            "signed_on",
            "contract_investment",
            "project__slug",
            "project__region",
            "event__slug",
            *translated("project__", "name"),
            *translated("event__", "name"),
        )

    def newest_first(self):
        """Rows for a signing table (for_rows), in the order of the signing_newest_idx index,
        so the first rows are read without sorting."""
        return self.for_rows().order_by(models.F("signed_on").desc(nulls_last=True), "-pk")

    def largest_first(self):
        """An event's signings by contract amount (signing_event_amount_idx), for its table."""
        return self.for_rows().order_by(models.F("contract_investment").desc(nulls_last=True), "pk")

    def as_rows(self):
        """The same rows as plain values (projects.signing_rows), for a table that only shows
        them; still a queryset, to count and slice."""
        from projects.signing_rows import COLUMNS, SigningRows

        rows = self.values_list(*COLUMNS)
        rows._iterable_class = SigningRows
        return rows

    def totals_by_event(self, event_ids, public=False):
        """{event id: recorded figures} over these events' signings; with `public`, only
        signings of published projects count."""
        from .projects import Project

        signings = self.filter(event_id__in=event_ids)
        if public:
            signings = signings.filter(project__in=Project.objects.published())
        large = LARGE_PROJECT_THRESHOLD
        rows = (
            signings.order_by()
            .values("event_id")
            .annotate(
                recorded_count=Count("pk"),
                recorded_contract_amount=_amount_sum("contract_investment", Q()),
                recorded_total_investment=_amount_sum("project__total_investment", Q()),
                recorded_large_by_contract=Count("pk", filter=Q(contract_investment__gte=large)),
                recorded_large_by_total=Count("pk", filter=Q(project__total_investment__gte=large)),
            )
        )
        return {row.pop("event_id"): row for row in rows}


class Signing(models.Model):
    event = models.ForeignKey(
        Event,
        verbose_name="签约活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
        help_text="不在活动上签约时留空；每个项目至多一条活动外签约。",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="signings"
    )
    contract_investment = models.DecimalField(
        "合同引资额（亿元）",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="本次签约合同约定的引资额，与项目总投资、到位资金不同。",
    )
    signed_on = models.DateField("签约日期", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SigningQuerySet.as_manager()

    class Meta:
        verbose_name = "签约"
        verbose_name_plural = "签约"
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "project"], name="signing_unique_project_per_event"
            ),
            # NULLs are distinct above: the signing outside events needs its own rule.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(event__isnull=True),
                name="signing_unique_eventless_per_project",
                violation_error_message="该项目已有一条活动外签约：请修改那一条，或选择签约活动。",
            ),
            models.CheckConstraint(
                condition=Q(contract_investment__gte=0) | Q(contract_investment__isnull=True),
                name="signing_contract_investment_not_negative",
            ),
        ]
        indexes = [
            # Signing tables read in these orders (SigningQuerySet.newest_first/largest_first).
            SortIndex(
                F("signed_on").desc(nulls_last=True), F("id").desc(), name="signing_newest_idx"
            ),
            SortIndex(
                "event",
                F("contract_investment").desc(nulls_last=True),
                "id",
                name="signing_event_amount_idx",
            ),
        ]

    def __str__(self):
        where = self.event.name if self.event_id else "活动外签约"
        return f"{self.project} @ {where}"
