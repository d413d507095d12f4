"""Spreadsheet import and export of the investment pipeline, with the headers staff use."""

from django.db.models import F, Prefetch
from django.utils import timezone

from projects.models import (
    Company,
    Event,
    EventKind,
    Industry,
    Milestone,
    MilestoneKind,
    Ownership,
    Project,
    ProjectStage,
    Region,
    Signing,
    Statistic,
)
from spreadsheets.fields import Column, ExtraColumn, english_column, status_column
from spreadsheets.registry import register
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    AmountCell,
    BooleanCell,
    ChoiceCell,
    DateCell,
    DecimalCell,
    IntegerCell,
    LookupCell,
    ManyLookupCell,
)


def region_cell(**kwargs):
    # Prefecture-level units win a shared short name: 通化 is 通化市, not 通化县.
    return LookupCell(
        Region,
        ("name", "short_name", "code"),
        "地区",
        rank="parent",
        hint="全称（长春市）、简称（长春）或区划代码（220100）；须为已有地区。",
        **kwargs,
    )


class MilestoneColumn(ExtraColumn):
    """A project's first milestone of one kind (开工, 投产), as a date column.

    A date creates the milestone or moves the earliest one of that kind; a blank cell leaves
    the project's milestones alone.
    """

    def __init__(self, header, kind):
        super().__init__(
            header,
            f"milestone_{kind}",
            DateCell(),
            help_text=f"记为项目的“{MilestoneKind(kind).label}”进展；留空不删除已有进展。",
        )
        self.kind = kind

    def get_value(self, instance):
        if instance.pk is None:
            return None
        dates = [m.date for m in instance.milestones.all() if m.kind == self.kind]
        return min(dates, default=None)


class SigningDateColumn(ExtraColumn):
    """签约日期: the project's signing date as its pages show it (Project.first_signed_on).

    A different date moves the project's signing outside events (creating it when missing),
    which makes it the project's first; a signing at an event cannot be moved from here, so a
    date later than one is refused. A blank cell leaves the signings alone.
    """

    def __init__(self):
        super().__init__(
            "签约日期",
            "signing_date",
            DateCell(),
            help_text=(
                "项目最早一次签约的日期，记为项目的活动外签约；留空不删除已有签约。"
                "在招商活动上的签约请用签约表格录入。"
            ),
        )

    def get_value(self, instance):
        return instance.first_signed_on


@register("projects")
class ProjectResource(SpreadsheetResource):
    code = Column(
        "项目编号",
        "code",
        keep_when_blank=True,
        help_text="填写时按编号匹配已有项目，否则按项目名称匹配。",
    )
    name = Column("项目名称", "name")
    region = Column("所在地区", "region_id", region_cell(confirm_change=True))
    industries = Column(
        "所属产业",
        "industries",
        ManyLookupCell(Industry, "name", "产业", hint="产业名称，多个用“、”分隔；须为已有产业。"),
    )
    investors = Column(
        "投资方",
        "investors",
        ManyLookupCell(
            Company,
            "name",
            "企业",
            create_missing=True,
            hint="企业名称，多个用“、”分隔；尚未录入的企业会自动新建（预览中列出）。",
        ),
    )
    total_investment = Column("总投资（亿元）", "total_investment", AmountCell())
    stage = Column("项目阶段", "stage", ChoiceCell(ProjectStage.choices, "项目阶段", ordered=True))
    signed_on = SigningDateColumn()
    construction_started_on = MilestoneColumn("开工日期", MilestoneKind.CONSTRUCTION_STARTED)
    in_operation_on = MilestoneColumn("投产日期", MilestoneKind.IN_OPERATION)
    summary = Column("项目简介", "summary")
    status = status_column()
    name_en = english_column("项目名称", "name")
    summary_en = english_column("项目简介", "summary")

    natural_key_fields = ("code",)
    alternative_key_fields = ("name",)
    describe_fields = ("code", "name")
    display_name = "项目"

    class Meta:
        model = Project
        fields = (
            "code", "name", "region", "industries", "investors", "total_investment", "stage",
            "signed_on", "construction_started_on", "in_operation_on", "summary", "status",
            "name_en", "summary_en",
        )  # fmt: skip

    def ambiguity(self, entry):
        return f"数据库中有多个名为「{entry.values.get('name')}」的项目：请填写项目编号加以区分"

    def load_extras(self, entries):
        existing = [e for e in entries if e.instance is not None and e.extras]
        self.load_milestones([e.instance.pk for e in existing])
        self.load_signings([e.instance.pk for e in existing if self.signing_date_changes(e)])

    def load_milestones(self, pks):
        self.first_milestones = {}
        kinds = [c.kind for c in self.columns if isinstance(c, MilestoneColumn)]
        milestones = Milestone.objects.filter(project_id__in=pks, kind__in=kinds).order_by(
            "date", "pk"
        )
        for milestone in milestones.only("pk", "project_id", "kind", "date"):
            self.first_milestones.setdefault((milestone.project_id, milestone.kind), milestone)

    def load_signings(self, pks):
        """The signing outside events, and the first dated one at an event, of each project."""
        self.eventless, self.first_at_event = {}, {}
        signings = (
            Signing.objects.dating_projects()
            .filter(project_id__in=pks)
            .select_related("event")
            .order_by(F("signed_on").asc(nulls_last=True), "pk")
            .only("pk", "project_id", "signed_on", "event__name")
        )
        for signing in signings:
            if signing.event_id is None:
                self.eventless[signing.project_id] = signing
            elif signing.signed_on is not None:
                self.first_at_event.setdefault(signing.project_id, signing)

    def signing_date_changes(self, entry):
        value = next((v for c, v in entry.extras.items() if isinstance(c, SigningDateColumn)), None)
        return value is not None and value != entry.instance.first_signed_on

    def compare_extra(self, entry, column, value):
        if value is None:
            return False
        if entry.is_new:
            return True
        if isinstance(column, SigningDateColumn):
            return self.signing_date_changes(entry)
        current = self.first_milestones.get((entry.instance.pk, column.kind))
        return current is None or current.date != value

    def current_extra(self, entry, column):
        if isinstance(column, SigningDateColumn):
            return entry.instance.first_signed_on
        current = self.first_milestones.get((entry.instance.pk, column.kind))
        return current.date if current is not None else None

    def check(self, entry):
        column = self.fields["signed_on"]
        if entry.is_new or column not in entry.changed:
            return
        earlier = self.first_at_event.get(entry.instance.pk)
        if earlier is not None and earlier.signed_on < entry.extras[column]:
            day = f"{earlier.signed_on:%Y-%m-%d}"
            entry.problem(
                column,
                f"该项目已于{day}在「{earlier.event.name}」签约，签约日期是最早一次签约的日期："
                f"请填写{day}或更早的日期，或留空；活动上的签约请在签约表格中修改",
            )

    def save_extras(self, entries):
        milestones, moved_milestones, signings, moved_signings = [], [], [], []
        now = timezone.now()
        for entry in entries:
            for column, value in entry.extras.items():
                if column not in entry.changed:
                    continue
                pk = entry.instance.pk
                if isinstance(column, SigningDateColumn):
                    current = None if entry.is_new else self.eventless.get(pk)
                    if current is None:
                        signings.append(Signing(project_id=pk, event=None, signed_on=value))
                    else:
                        current.signed_on, current.updated_at = value, now
                        moved_signings.append(current)
                    continue
                current = None if entry.is_new else self.first_milestones.get((pk, column.kind))
                if current is None:
                    milestones.append(Milestone(project_id=pk, kind=column.kind, date=value))
                else:
                    current.date = value
                    moved_milestones.append(current)
        Milestone.objects.bulk_create(milestones, batch_size=self.batch_size)
        Milestone.objects.bulk_update(moved_milestones, ["date"], batch_size=self.batch_size)
        Signing.objects.bulk_create(signings, batch_size=self.batch_size)
        Signing.objects.bulk_update(
            moved_signings, ["signed_on", "updated_at"], batch_size=self.batch_size
        )

    def export_queryset(self, queryset):
        return queryset.prefetch_related(
            "industries", "investors", Prefetch("milestones", Milestone.objects.order_by())
        )


@register("signings")
class SigningResource(SpreadsheetResource):
    event = Column(
        "活动名称",
        "event_id",
        LookupCell(Event, ("name",), "活动", hint="须为已有招商活动；不在活动上签约时留空。"),
    )
    project = Column(
        "项目名称",
        "project_id",
        LookupCell(
            Project,
            ("name", "code"),
            "项目",
            hint="须为已有项目；有同名项目时填写项目编号。",
        ),
    )
    contract_investment = Column("合同引资额（亿元）", "contract_investment", AmountCell())
    signed_on = Column("签约日期", "signed_on", DateCell())

    natural_key_fields = ("project_id", "event_id")
    display_name = "签约"

    class Meta:
        model = Signing
        fields = ("event", "project", "contract_investment", "signed_on")


@register("events")
class EventResource(SpreadsheetResource):
    name = Column("活动名称", "name")
    kind = Column("活动类型", "kind", ChoiceCell(EventKind.choices, "活动类型"))
    region = Column("所在地区", "region_id", region_cell())
    start_date = Column("开始日期", "start_date", DateCell())
    end_date = Column("结束日期", "end_date", DateCell())
    online = Column("线上活动", "online", BooleanCell())
    reported_project_count = Column("公布签约项目数", "reported_project_count", IntegerCell())
    reported_amount = Column("公布签约总额（亿元）", "reported_amount", AmountCell())
    reported_large_count = Column("公布10亿元以上项目数", "reported_large_count", IntegerCell())
    summary = Column("活动简介", "summary")
    status = status_column()
    name_en = english_column("活动名称", "name")
    summary_en = english_column("活动简介", "summary")

    natural_key_fields = ("name",)
    display_name = "招商活动"

    class Meta:
        model = Event
        fields = (
            "name", "kind", "region", "start_date", "end_date", "online",
            "reported_project_count", "reported_amount", "reported_large_count", "summary",
            "status", "name_en", "summary_en",
        )  # fmt: skip

    def check(self, entry):
        event = entry.instance
        if event.start_date and event.end_date and event.end_date < event.start_date:
            entry.problem(self.fields["end_date"], "结束日期早于开始日期")


@register("companies")
class CompanyResource(SpreadsheetResource):
    name = Column("企业名称", "name")
    ownership = Column("企业性质", "ownership", ChoiceCell(Ownership.choices, "企业性质"))
    fortune_global_500 = Column("世界500强", "fortune_global_500", BooleanCell(nullable=True))
    china_500 = Column("中国500强", "china_500", BooleanCell(nullable=True))
    country = Column("国家或地区", "country")

    natural_key_fields = ("name",)
    display_name = "企业"

    class Meta:
        model = Company
        fields = ("name", "ownership", "fortune_global_500", "china_500", "country")


@register("statistics")
class StatisticResource(SpreadsheetResource):
    indicator = Column("指标", "indicator")
    region = Column(
        "地区",
        "region_id",
        region_cell(blank_words=("全省", "吉林省"), blank_label="全省"),
        help_text="全省数据填“全省”或留空。",
    )
    year = Column("年份", "year", IntegerCell(unit="年"))
    month_start = Column("起始月", "month_start", IntegerCell(unit="月", hint="1–12，留空为1。"))
    month_end = Column("截止月", "month_end", IntegerCell(unit="月", hint="1–12，留空为12。"))
    value = Column("数值", "value", DecimalCell())
    unit = Column("单位", "unit", help_text="如“亿元”“亿美元”。")
    yoy_growth = Column("同比增长（%）", "yoy_growth", DecimalCell(percent=True))
    status = status_column()

    natural_key_fields = ("indicator", "region_id", "year", "month_start", "month_end")
    display_name = "统计数据"

    class Meta:
        model = Statistic
        fields = (
            "indicator", "region", "year", "month_start", "month_end", "value", "unit",
            "yoy_growth", "status",
        )  # fmt: skip

    def check(self, entry):
        statistic = entry.instance
        if statistic.month_start > statistic.month_end:
            entry.problem(self.fields["month_end"], "截止月早于起始月")
