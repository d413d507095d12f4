"""The public project list as a download: the same GET filters as /projects/, published only.

The columns are the import headers (projects.resources.ProjectResource), so a downloaded list
can be corrected and loaded back by staff. Rows are read in batches of plain values, with one
query per batch for each many-valued column: no query and no model object per project.
serving.downloads streams, keeps and rate-limits the file; the worker writes the XLSX.
"""

from collections import defaultdict
from itertools import batched

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_safe

from jlsite.publishing import PublicationStatus
from projects.filters import ProjectFilter
from projects.models import Milestone, MilestoneKind, Project, ProjectStage
from serving.downloads import Table, download, source

BATCH = 2000

PROJECT_COLUMNS = [
    ("code", "项目编号"),
    ("name", "项目名称"),
    ("region", "所在地区"),
    ("industries", "所属产业"),
    ("investors", "投资方"),
    ("total_investment", "总投资（亿元）"),
    ("stage", "项目阶段"),
    ("signed_on", "签约日期"),
    ("construction_started_on", "开工日期"),
    ("in_operation_on", "投产日期"),
    ("summary", "项目简介"),
    ("status", "发布状态"),
    ("name_en", "项目名称（英文）"),
    ("summary_en", "项目简介（英文）"),
]


def names_by_project(pairs):
    names = defaultdict(list)
    for project_id, name in pairs:
        names[project_id].append(name)
    return {pk: "、".join(found) for pk, found in names.items()}


def first_milestones(pks):
    kinds = (MilestoneKind.CONSTRUCTION_STARTED, MilestoneKind.IN_OPERATION)
    firsts = (
        Milestone.objects.filter(project_id__in=pks, kind__in=kinds)
        .order_by()
        .values_list("project_id", "kind")
        .annotate(first=Min("date"))
    )
    return {(pk, kind): day for pk, kind, day in firsts}


def project_rows(queryset):
    """The rows of PROJECT_COLUMNS for `queryset`, in its order: the import contract's cells,
    in Chinese from the English pages too (the kept file is shared by both)."""
    with override(settings.LANGUAGE_CODE):
        yield from _project_rows(queryset)


def _project_rows(queryset):
    stages = {value: str(label) for value, label in ProjectStage.choices}
    statuses = {value: str(label) for value, label in PublicationStatus.choices}
    through_industries = Project.industries.through.objects
    through_investors = Project.investors.through.objects
    values = queryset.values_list(
        "pk", "code", "name_zh_hans", "region__name_zh_hans", "total_investment", "stage",
        "first_signed_on", "summary_zh_hans", "status", "name_en", "summary_en",
    ).iterator(chunk_size=BATCH)  # fmt: skip
    for batch in batched(values, BATCH):
        pks = [row[0] for row in batch]
        industries = names_by_project(
            through_industries.filter(project_id__in=pks)
            .order_by("industry__order", "industry__name_zh_hans")
            .values_list("project_id", "industry__name_zh_hans")
        )
        investors = names_by_project(
            through_investors.filter(project_id__in=pks)
            .order_by("company__name")
            .values_list("project_id", "company__name")
        )
        milestones = first_milestones(pks)
        for pk, code, name, region, investment, stage, signed, summary, status, *english in batch:
            yield (
                code, name, region, industries.get(pk, ""), investors.get(pk, ""), investment,
                stages.get(stage, stage), signed,
                milestones.get((pk, MilestoneKind.CONSTRUCTION_STARTED)),
                milestones.get((pk, MilestoneKind.IN_OPERATION)),
                summary, statuses.get(status, status), *english,
            )  # fmt: skip


def project_table(queryset):
    return Table(PROJECT_COLUMNS, lambda: project_rows(queryset))


def filter_values(request):
    """The GET filters that decide a download's content (not `page`)."""
    return {name: request.GET.get(name, "").strip() for name in ProjectFilter.base_filters}


@source("projects")
def filtered_table(params):
    return project_table(ProjectFilter(params, queryset=Project.objects.published()).qs)


def export(request, kind):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    if not filterset.is_valid():
        reasons = "；".join(e for errors in filterset.errors.values() for e in errors)
        return HttpResponseBadRequest(
            f"筛选条件有误，没有生成下载文件：{reasons}", content_type="text/plain; charset=utf-8"
        )
    filename = f"projects-{timezone.localdate().isoformat()}.{kind}"
    return download(request, "projects", filter_values(request), kind, filename)


@require_safe
def export_csv(request):
    return export(request, "csv")


@require_safe
def export_xlsx(request):
    return export(request, "xlsx")
