"""The public project list as a spreadsheet: the same GET filters as /projects/, published only.

The columns are the import headers (projects.resources.ProjectResource), so a downloaded list
can be corrected and loaded back by staff.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_safe

from projects.filters import ProjectFilter
from projects.models import Project
from projects.resources import ProjectResource
from spreadsheets.writing import CONTENT_TYPES, write_spreadsheet


def download(request, kind):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    if not filterset.is_valid():
        reasons = "；".join(e for errors in filterset.errors.values() for e in errors)
        return HttpResponseBadRequest(
            f"筛选条件有误，没有生成下载文件：{reasons}", content_type="text/plain; charset=utf-8"
        )
    # The import contract's columns and cells, in Chinese from the English pages too.
    with override(settings.LANGUAGE_CODE):
        headers, rows = ProjectResource().export_rows(filterset.qs)
        content = write_spreadsheet(kind, headers, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    filename = f"projects-{timezone.localdate().isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def export_csv(request):
    return download(request, "csv")


@require_safe
def export_xlsx(request):
    return download(request, "xlsx")
