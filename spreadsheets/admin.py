"""Import, export and blank-template buttons on the admin changelists of importable models.

Only users holding the model's `import_<model>` / `export_<model>` permission see the buttons
or reach the pages (settings IMPORT_EXPORT_*_PERMISSION_CODE). The upload is read with
spreadsheets.files (size limit, encoding detection, clear messages), previewed by a dry run of
the resource, kept in the cache until confirmed, then imported in one transaction.
"""

import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.results import RowResult
from import_export.signals import post_import
from import_export.tmp_storages import CacheStorage

from .files import SpreadsheetError, check_size, file_kind, max_file_size, megabytes
from .formats import FORMATS
from .registry import resource_name
from .results import ROW_NUMBER_NOTE
from .writing import CONTENT_TYPES, write_template

logger = logging.getLogger(__name__)


class UploadCacheStorage(CacheStorage):
    """Keeps an upload between preview and confirm in the cache: Redis in production, which
    every app server reads, unlike a local temporary folder. Two hours is enough to read a
    preview; an abandoned upload then leaves the cache by itself."""

    CACHE_LIFETIME = 2 * 60 * 60


class SpreadsheetImportForm(ImportForm):
    """The upload form: the format follows from the file name, the size is checked first."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        upload = self.fields["import_file"]
        upload.label = "表格文件"
        upload.help_text = (
            f"Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK 编码，自动识别），"
            f"不超过 {megabytes(max_file_size())}。"
        )
        upload.widget.attrs["accept"] = ".xlsx,.csv"
        upload.error_messages["empty"] = "文件是空的：请检查是否选错了文件。"

    @property
    def media(self):
        return forms.Media()

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
            file_kind(upload.name)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload:
            kind = file_kind(upload.name)
            cleaned["format"] = str(
                next(i for i, f in enumerate(self.formats) if f.extension == kind)
            )
        return cleaned


class SpreadsheetAdminMixin(ImportExportMixin):
    """Add to a ModelAdmin with `resource_classes = [ItsResource]`."""

    import_export_change_list_template = "admin/spreadsheets/change_list.html"
    import_template_name = "admin/spreadsheets/import.html"
    import_form_class = SpreadsheetImportForm
    export_form_class = ExportForm
    from_encoding = None  # detected from each file, not assumed

    def get_import_formats(self):
        return FORMATS

    def get_export_formats(self):
        return FORMATS

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.blank_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def resource(self, request):
        return self.get_import_resource_classes(request)[0]()

    def blank_template_view(self, request):
        if not (self.has_import_permission(request) or self.has_export_permission(request)):
            raise PermissionDenied
        resource = self.resource(request)
        headers = [c.header for c in resource.columns]
        response = HttpResponse(
            write_template(headers, resource.template_notes()), content_type=CONTENT_TYPES["xlsx"]
        )
        filename = f"{resource_name(self.model)}-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_import_context_data(self, **kwargs):
        info = self.get_model_info()
        return {
            "template_url": reverse("admin:{}_{}_import_template".format(*info)),
            "max_file_size": megabytes(max_file_size()),
            "row_number_note": ROW_NUMBER_NOTE,
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
            return
        logger.exception("Unreadable spreadsheet upload", exc_info=e)
        form.add_error("import_file", "无法读取这个文件：请确认是 .xlsx 或 .csv 表格。")

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except SpreadsheetError as error:
            messages.error(request, str(error))
            return self.redirect_to_import()

    def process_result(self, result, request):
        if not result.ok:
            # The data changed between preview and confirm; the transaction was rolled back.
            shown = "；".join(str(p) for p in result.problems[:5])
            more = f"等 {len(result.problems)} 处" if len(result.problems) > 5 else ""
            messages.error(request, f"导入未完成，没有写入任何数据：{shown}{more}。请重新上传。")
            return self.redirect_to_import()
        self.generate_log_entries(result, request)
        messages.success(request, f"导入完成：{result.summary}。")
        post_import.send(sender=None, model=self.model)
        info = self.get_model_info()
        return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))

    def redirect_to_import(self):
        return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))

    def generate_log_entries(self, result, request):
        """One admin log entry per new or changed record, written in bulk."""
        if self.get_skip_admin_log():
            return
        content_type = ContentType.objects.get_for_model(self.model)
        actions = {
            RowResult.IMPORT_TYPE_NEW: (ADDITION, "通过表格导入新增"),
            RowResult.IMPORT_TYPE_UPDATE: (CHANGE, "通过表格导入修改"),
        }
        entries = []
        for row in result.rows:
            if row.import_type not in actions or row.object_id is None:
                continue
            flag, message = actions[row.import_type]
            if row.changes:
                message += "：" + "、".join(c.header for c in row.changes)
            entries.append(
                LogEntry(
                    user_id=request.user.pk,
                    content_type_id=content_type.pk,
                    object_id=str(row.object_id),
                    object_repr=(row.object_repr or str(row.object_id))[:200],
                    action_flag=flag,
                    change_message=message,
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=1000)

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{resource_name(self.model)}-{day}.{file_format.get_extension()}"
