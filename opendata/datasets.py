"""The datasets /data/ offers: what each holds, column by column, and its rows.

Public content only: every dataset starts from its model's published() queryset. Rows are read
as plain values in batches (serving.downloads streams and keeps the files).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from pagecache.versions import memoize
from projects.downloads import PROJECT_COLUMNS, project_rows
from projects.models import Event, EventKind, Project, Signing, Statistic
from serving.downloads import Table, source

BATCH = 2000


@dataclass(frozen=True)
class Field:
    name: str  # the JSON key
    header: str  # the CSV and XLSX column
    kind: str  # 文本, 日期, 数字…, as the /data/ page describes it (translated lazily)
    description: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: list
    queryset: Callable  # () → the published rows
    rows: Callable  # (queryset) → tuples in the order of `fields`

    def table(self):
        return Table([(f.name, f.header) for f in self.fields], lambda: self.rows(self.queryset()))

    def updated_at(self):
        """When a row of the dataset last changed, remembered until the content changes."""
        return memoize(
            f"opendata-updated:{self.name}",
            lambda: self.queryset().order_by().aggregate(at=Max("updated_at"))["at"],
        )

    def count(self):
        return memoize(f"opendata-count:{self.name}", lambda: self.queryset().count())


def labelled(values, position, labels):
    """The rows of `values` with the code at `position` replaced by its Chinese label (the
    files are shared by the Chinese and English pages)."""
    with override(settings.LANGUAGE_CODE):
        labels = {code: str(label) for code, label in labels.items()}
    for row in values.iterator(chunk_size=BATCH):
        yield (*row[:position], labels.get(row[position], row[position]), *row[position + 1 :])


PROJECT_DESCRIPTIONS = {
    "code": (_("文本"), _("项目编号，可能为空")),
    "name": (_("文本"), _("项目名称")),
    "region": (_("文本"), _("项目所在地区（市、州或县、市、区）")),
    "industries": (_("文本"), _("所属产业，多个以“、”分隔")),
    "investors": (_("文本"), _("投资方企业，多个以“、”分隔")),
    "total_investment": (_("数字（亿元）"), _("项目总投资")),
    "stage": (_("文本"), _("项目阶段：谋划招商、在谈、已签约、已开工在建、已投产")),
    "signed_on": (_("日期"), _("最早一次签约的日期（YYYY-MM-DD）")),
    "construction_started_on": (_("日期"), _("开工日期")),
    "in_operation_on": (_("日期"), _("投产日期")),
    "summary": (_("文本"), _("项目简介")),
    "status": (_("文本"), _("发布状态（公开数据均为“已发布”）")),
    "name_en": (_("文本"), _("项目名称的英文，可能为空")),
    "summary_en": (_("文本"), _("项目简介的英文，可能为空")),
}

PROJECTS = Dataset(
    name="projects",
    title=_("招商项目"),
    description=_("已发布的招商引资项目：地区、产业、投资方、总投资、阶段与进展日期。"),
    fields=[Field(name, header, *PROJECT_DESCRIPTIONS[name]) for name, header in PROJECT_COLUMNS],
    queryset=lambda: Project.objects.published().newest_first(),
    rows=project_rows,
)

EVENTS = Dataset(
    name="events",
    title=_("招商活动"),
    description=_("已发布的招商活动，以及主办方公布的签约数字。"),
    fields=[
        Field("name", "活动名称", _("文本"), _("活动名称")),
        Field("kind", "活动类型", _("文本"), _("活动类型")),
        Field("region", "举办地区", _("文本"), _("省内举办地区；省外或线上时为空")),
        Field("city", "举办城市", _("文本"), _("省外举办城市")),
        Field("start_date", "开始日期", _("日期"), _("开始日期（YYYY-MM-DD）")),
        Field("end_date", "结束日期", _("日期"), _("结束日期（YYYY-MM-DD）")),
        Field("online", "线上活动", _("是/否"), _("是否线上举办")),
        Field("reported_project_count", "公布签约项目数", _("整数"), _("主办方公布的签约项目数")),
        Field("reported_amount", "公布签约总额（亿元）", _("数字（亿元）"), _("主办方公布的金额")),
        Field("reported_large_count", "公布10亿元以上项目数", _("整数"), _("主办方公布")),
        Field("summary", "活动简介", _("文本"), _("活动简介")),
    ],
    queryset=lambda: Event.objects.published().order_by("-start_date", "-pk"),
    rows=lambda qs: labelled(
        qs.values_list(
            "name",
            "kind",
            "region__name",
            "city",
            "start_date",
            "end_date",
            "online",
            "reported_project_count",
            "reported_amount",
            "reported_large_count",
            "summary",
        ),
        1,
        dict(EventKind.choices),
    ),
)

SIGNINGS = Dataset(
    name="signings",
    title=_("签约项目"),
    description=_("已发布项目的签约记录：在已发布的招商活动上签约，或在活动外签约。"),
    fields=[
        Field("project_code", "项目编号", _("文本"), _("项目编号，可能为空")),
        Field("project", "项目名称", _("文本"), _("签约的项目")),
        Field("event", "活动名称", _("文本"), _("签约所在的招商活动；活动外签约为空")),
        Field(
            "contract_investment",
            "合同引资额（亿元）",
            _("数字（亿元）"),
            _("本次签约的合同引资额"),
        ),
        Field("signed_on", "签约日期", _("日期"), _("签约日期（YYYY-MM-DD）")),
    ],
    queryset=lambda: Signing.objects.published().order_by("-signed_on", "pk"),
    rows=lambda qs: qs.values_list(
        "project__code", "project__name", "event__name", "contract_investment", "signed_on"
    ).iterator(chunk_size=BATCH),
)

STATISTICS = Dataset(
    name="statistics",
    title=_("统计数据"),
    description=_("已发布的招商引资统计指标：全省或地区、年份与月份区间、数值与同比增长。"),
    fields=[
        Field("indicator", "指标", _("文本"), _("指标名称")),
        Field("region", "地区", _("文本"), _("地区；全省数据为空")),
        Field("year", "年份", _("整数"), _("年份")),
        Field("month_start", "起始月", _("整数"), _("统计区间的起始月（1–12）")),
        Field("month_end", "截止月", _("整数"), _("统计区间的截止月（1–12）")),
        Field("value", "数值", _("数字"), _("数值，单位见“单位”；未公布时为空")),
        Field("unit", "单位", _("文本"), _("如“亿元”“亿美元”")),
        Field("yoy_growth", "同比增长（%）", _("数字（%）"), _("同比增长百分比")),
        Field("approximate", "约数", _("是/否"), _("来源写作“左右”“约”")),
    ],
    queryset=lambda: Statistic.objects.published().order_by(*Statistic._meta.ordering),
    rows=lambda qs: qs.values_list(
        "indicator",
        "region__name",
        "year",
        "month_start",
        "month_end",
        "value",
        "unit",
        "yoy_growth",
        "approximate",
    ).iterator(chunk_size=BATCH),
)

DATASETS = {dataset.name: dataset for dataset in (PROJECTS, EVENTS, SIGNINGS, STATISTICS)}
FORMATS = {"csv": _("CSV（UTF-8，Excel 可直接打开）"), "xlsx": _("Excel（XLSX）"), "json": "JSON"}

# /data/<name>.<format> downloads (serving.downloads finds them by name, in the worker too).
for _dataset in DATASETS.values():
    source(f"data-{_dataset.name}")(lambda params, dataset=_dataset: dataset.table())
