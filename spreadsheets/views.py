"""The admin pages of one import job: progress, preview and confirm, result, report download.

Each answers from the job's row and the cache in a query or two, whatever the file's size. The
job page, which a browser without JavaScript reloads every few seconds while the worker runs,
shows counts and the summary; the previewed rows (old → new, warnings, new rows' values, errors)
are on a page of their own, loaded when staff open it, a page of rows at a time.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from . import jobs
from .models import ImportJob
from .results import ROW_NUMBER_NOTE
from .writing import CONTENT_TYPES

State = ImportJob.State
# What the preview lists, in this order, each kind on its own tab.
KINDS = {"invalid": "错误", "warned": "需要确认的修改", "update": "更新", "new": "新增"}
PREVIEW_PAGE_SIZE = 50


class ConfirmForm(forms.Form):
    """Confirming an import; with changes that need a person's eye, a tick that they looked."""

    acknowledge = forms.BooleanField(label="", required=False)

    def __init__(self, *args, warning_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.warning_count = warning_count
        label = f"我已在预览中逐条核对 {warning_count:,} 处需要确认的修改"
        self.fields["acknowledge"].label = label

    def clean_acknowledge(self):
        ticked = self.cleaned_data["acknowledge"]
        if self.warning_count and not ticked:
            raise ValidationError("有需要确认的修改：请逐条核对后勾选，再确认导入。")
        return ticked


def job_or_404(job_id, resource, deferred=("preview",)):
    """The job, without the columns a page does not show (the stored preview rows)."""
    jobs = ImportJob.objects.select_related("created_by", "confirmed_by").defer(*deferred)
    try:
        return jobs.get(pk=job_id, resource=resource)
    except ImportJob.DoesNotExist:
        raise Http404("没有这次导入。") from None


def kinds_of(counts):
    """(kind, title, how many rows) of each kind of previewed row there is."""
    return [(kind, title, counts[kind]) for kind, title in KINDS.items() if counts.get(kind)]


def job_page(model_admin, request, job):
    form = ConfirmForm(request.POST or None, warning_count=job.warning_count)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            if jobs.cancel(job):
                messages.success(request, "已取消，上传的文件已删除，没有写入任何数据。")
            return HttpResponseRedirect(model_admin.url("import"))
        if action == "confirm" and form.is_valid():
            if jobs.confirm(job, request.user):
                messages.success(request, "已开始导入：完成前可以离开本页，稍后回来查看结果。")
            else:
                messages.warning(request, "这次导入已经确认过，不会重复导入。")
            return HttpResponseRedirect(model_admin.url("import_job", job.pk))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"导入{model_admin.model._meta.verbose_name}：{job.filename}",
        "opts": model_admin.model._meta,
        "job": job,
        "progress": jobs.progress(job),
        "form": form,
        "kinds": kinds_of(job.summary.get("kinds", {})),
        "row_number_note": ROW_NUMBER_NOTE,
        "can_confirm": job.state == State.PREVIEWED,
        "can_cancel": job.state in (State.PREVIEW_QUEUED, State.PREVIEWED),
        "job_url": model_admin.url("import_job", job.pk),
        "preview_url": model_admin.url("import_preview", job.pk),
        "progress_url": model_admin.url("import_progress", job.pk),
        "report_url": model_admin.url("import_report", job.pk) if job.report else "",
        "upload_url": model_admin.url("import"),
        "changelist_url": model_admin.url("changelist"),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/spreadsheets/job.html", context)


def job_preview(model_admin, request, job):
    """The previewed rows of one kind (?kind=), PREVIEW_PAGE_SIZE a page (?page=)."""
    preview = job.preview or {}
    counts = preview.get("counts", {})
    kinds = kinds_of(counts)
    kind = request.GET.get("kind")
    if kind not in counts or not counts[kind]:
        kind = kinds[0][0] if kinds else ""
    rows = preview.get("rows", {}).get(kind, [])
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"导入{model_admin.model._meta.verbose_name}：{job.filename} 的预览",
        "opts": model_admin.model._meta,
        "job": job,
        "kinds": kinds,
        "kind": kind,
        "title_of_kind": KINDS.get(kind, ""),
        "count": counts.get(kind, 0),
        "stored": len(rows),
        "page_obj": Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page")),
        "file_problems": preview.get("file_problems", []),
        "row_number_note": ROW_NUMBER_NOTE,
        "form": ConfirmForm(warning_count=job.warning_count),
        "can_confirm": job.state == State.PREVIEWED,
        "job_url": model_admin.url("import_job", job.pk),
        "upload_url": model_admin.url("import"),
        "report_url": model_admin.url("import_report", job.pk) if job.report else "",
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/spreadsheets/job_preview.html", context)


def job_progress(job):
    return JsonResponse(jobs.progress(job))


def job_report(job):
    if not job.report:
        raise Http404("这次导入没有报告，或报告已过期删除。")
    try:
        handle = job.report.open("rb")
    except OSError:
        raise Http404("报告已过期删除。") from None
    name = f"{job.filename.rsplit('.', 1)[0]}-导入报告.xlsx"
    response = FileResponse(handle, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
