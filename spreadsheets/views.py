"""The admin pages of one import job: progress, preview and confirm, result, report download.

Each answers from the job's row and the cache in a query or two, whatever the file's size.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from . import jobs
from .models import ImportJob
from .results import ROW_NUMBER_NOTE
from .writing import CONTENT_TYPES

State = ImportJob.State


class ConfirmForm(forms.Form):
    """Confirming an import; with changes that need a person's eye, a tick that they looked."""

    acknowledge = forms.BooleanField(label="", required=False)

    def __init__(self, *args, warning_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.warning_count = warning_count
        self.fields["acknowledge"].label = f"我已逐条核对上面 {warning_count:,} 处需要确认的修改"

    def clean_acknowledge(self):
        ticked = self.cleaned_data["acknowledge"]
        if self.warning_count and not ticked:
            raise ValidationError("有需要确认的修改：请逐条核对后勾选，再确认导入。")
        return ticked


def job_or_404(job_id, resource):
    try:
        return ImportJob.objects.select_related("created_by", "confirmed_by").get(
            pk=job_id, resource=resource
        )
    except ImportJob.DoesNotExist:
        raise Http404("没有这次导入。") from None


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
        "preview": job.preview,
        "row_number_note": ROW_NUMBER_NOTE,
        "can_confirm": job.state == State.PREVIEWED,
        "can_cancel": job.state in (State.PREVIEW_QUEUED, State.PREVIEWED),
        "progress_url": model_admin.url("import_progress", job.pk),
        "report_url": model_admin.url("import_report", job.pk) if job.report else "",
        "upload_url": model_admin.url("import"),
        "changelist_url": model_admin.url("changelist"),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/spreadsheets/job.html", context)


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
