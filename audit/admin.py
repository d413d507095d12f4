"""The audit log in the admin: read only for everyone, searchable, filterable, exportable."""

import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone

from . import record
from .actions import Action
from .models import AuditEvent

CSV_HEADER = ["时间", "事件", "用户名", "IP 地址", "对象类型", "对象编号", "对象", "说明"]
# A spreadsheet runs a cell that starts like a formula; attackers choose the usernames tried.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(event):
    return [
        safe_cell(cell)
        for cell in (
            timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            event.get_action_display(),
            event.username,
            event.ip_address,
            event.content_type.name if event.content_type else "",
            event.object_id,
            event.object_repr,
            event.detail,
        )
    ]


class Echo:
    def write(self, value):
        return value


def csv_lines(events):
    writer = csv.writer(Echo())
    yield "\ufeff"  # Excel reads UTF-8 only after a byte-order mark
    yield writer.writerow(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(csv_row(event))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    change_list_template = "admin/audit/auditevent/change_list.html"
    list_display = ("created_at", "action", "username", "ip_address", "object_label", "detail")
    list_filter = ("action", "created_at", ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "ip_address", "object_repr", "detail")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)
    show_full_result_count = False
    actions = None

    @admin.display(description="对象", ordering="object_repr")
    def object_label(self, event):
        if not event.content_type:
            return event.object_repr or "—"
        return f"{event.content_type.name}：{event.object_repr}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        export = path(
            "export.csv", self.admin_site.admin_view(self.export_view), name="audit_export"
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The changelist's rows, as filtered and searched, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:audit_auditevent_changelist") + "?e=1")
        events = changelist.queryset.select_related("content_type")
        record(
            Action.EXPORT,
            request=request,
            detail=f"导出审计日志（条件：{request.GET.urlencode() or '全部'}）",
        )
        filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
        response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
