"""Import, export and blank-template buttons on the admin changelists of importable models.

Only users holding the model's `import_<model>` / `export_<model>` permission see the buttons
or reach the pages (settings IMPORT_EXPORT_*_PERMISSION_CODE). An upload becomes an ImportJob
that the background worker previews and, once confirmed, imports (spreadsheets.jobs); the
pages for it are in spreadsheets.views.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from . import jobs, views
from .files import SpreadsheetError, check_size, file_kind, max_file_size, megabytes
from .formats import FORMATS
from .models import ImportJob
from .registry import resource_name
from .results import ROW_NUMBER_NOTE
from .writing import CONTENT_TYPES, write_template

BAD_FILTER = "筛选条件无效（可能来自过期的链接），请在列表中重新筛选后再导出。"
ENCODINGS = [("", "自动识别"), ("gbk", "GBK（中文 Excel 另存的 CSV）"), ("utf-8", "UTF-8")]


class UploadForm(forms.Form):
    """The upload: size and kind are checked here; the content is read by the worker."""

    import_file = forms.FileField(
        label="表格文件",
        error_messages={
            "required": "请选择要上传的文件。",
            "empty": "文件是空的：请检查是否选错了文件。",
        },
    )
    encoding = forms.ChoiceField(
        label="CSV 编码", choices=ENCODINGS, required=False, help_text="一般无需选择。"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        upload = self.fields["import_file"]
        upload.help_text = (
            f"Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK 编码，自动识别），"
            f"不超过 {megabytes(max_file_size())}。"
        )
        upload.widget.attrs["accept"] = ".xlsx,.csv"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
            file_kind(upload.name)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class SpreadsheetExportForm(ExportForm):
    """XLSX chosen unless the reader picks CSV."""

    def __init__(self, formats, resources, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = "文件格式"
        self.fields["format"].initial = "0"
        self.fields["format"].choices = [
            (str(i), f.extension.upper()) for i, f in enumerate(formats)
        ]


class SpreadsheetAdminMixin(ImportExportMixin):
    """Add to a ModelAdmin with `resource_classes = [ItsResource]`."""

    import_export_change_list_template = "admin/spreadsheets/change_list.html"
    export_template_name = "admin/spreadsheets/export.html"
    export_form_class = SpreadsheetExportForm
    from_encoding = None  # detected from each file, not assumed

    def get_import_formats(self):
        return FORMATS

    def get_export_formats(self):
        return FORMATS

    def get_urls(self):
        info = self.get_model_info()
        view = self.admin_site.admin_view
        return [
            path(
                "import/template/",
                view(self.blank_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            path(
                "import/<uuid:job_id>/", view(self.job_view), name="{}_{}_import_job".format(*info)
            ),
            path(
                "import/<uuid:job_id>/preview/",
                view(self.job_preview_view),
                name="{}_{}_import_preview".format(*info),
            ),
            path(
                "import/<uuid:job_id>/progress/",
                view(self.job_progress_view),
                name="{}_{}_import_progress".format(*info),
            ),
            path(
                "import/<uuid:job_id>/report/",
                view(self.job_report_view),
                name="{}_{}_import_report".format(*info),
            ),
            *super().get_urls(),
        ]

    def url(self, view, *args):
        return reverse("admin:{}_{}_{}".format(*self.get_model_info(), view), args=args)

    def resource(self, request=None):
        return self.get_import_resource_classes(request)[0]()

    def check_import_permission(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied

    # Import: upload, then the job's pages

    def import_action(self, request, **kwargs):
        self.check_import_permission(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = jobs.start(
                resource_name(self.model),
                form.cleaned_data["import_file"],
                request.user,
                form.cleaned_data["encoding"],
            )
            return HttpResponseRedirect(self.url("import_job", job.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入{self.model._meta.verbose_name}",
            "opts": self.model._meta,
            "form": form,
            "template_url": self.url("import_template"),
            "max_file_size": megabytes(max_file_size()),
            "row_number_note": ROW_NUMBER_NOTE,
            "recent_jobs": ImportJob.objects.filter(resource=resource_name(self.model))
            .select_related("created_by")
            .defer("preview")[:10],
            "job_url": lambda job: self.url("import_job", job.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/spreadsheets/import.html", context)

    def process_import(self, request, **kwargs):
        """Confirming happens on the job's page; the library's URL leads to the upload."""
        self.check_import_permission(request)
        return HttpResponseRedirect(self.url("import"))

    def job(self, request, job_id, deferred=("preview",)):
        self.check_import_permission(request)
        return views.job_or_404(job_id, resource_name(self.model), deferred)

    def job_view(self, request, job_id):
        return views.job_page(self, request, self.job(request, job_id))

    def job_preview_view(self, request, job_id):
        return views.job_preview(self, request, self.job(request, job_id, deferred=()))

    def job_progress_view(self, request, job_id):
        return views.job_progress(self.job(request, job_id, deferred=("preview", "summary")))

    def job_report_view(self, request, job_id):
        return views.job_report(self.job(request, job_id))

    def blank_template_view(self, request):
        if not (self.has_import_permission(request) or self.has_export_permission(request)):
            raise PermissionDenied
        resource = self.resource(request)
        headers = [c.header for c in resource.columns]
        widths = {c.header: c.widget.width for c in resource.columns}
        response = HttpResponse(
            write_template(headers, resource.template_notes(), widths),
            content_type=CONTENT_TYPES["xlsx"],
        )
        filename = f"{self.model._meta.verbose_name}-导入模板.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    # Export

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(
                request, "筛选条件无效（可能来自过期的链接），请在列表中重新筛选后再导出。"
            )
            return HttpResponseRedirect(self.url("changelist"))

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = f"导出{self.model._meta.verbose_name}"
        context["export_count"] = self.get_export_queryset(request).count()
        context["filtered"] = bool(request.GET)
        return context

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{self.model._meta.verbose_name}-{day}.{file_format.get_extension()}"


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Every upload and what became of it; read-only."""

    list_display = ("filename", "resource", "state", "created_by", "created_at", "summary_text")
    list_filter = ("state", "resource")
    search_fields = ("filename",)
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("preview")  # up to 500 rows each

    @admin.display(description="结果")
    def summary_text(self, job):
        return job.summary.get("text", "") or job.message

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
