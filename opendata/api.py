"""The read-only JSON API: /api/projects/, /api/events/, /api/statistics/.

Public content only (published and due), the project list's filters, bounded pagination, an
ETag on every answer (conditional GET answers 304), CORS open to any site. Bad parameters
answer 400 with a Chinese message, never 500. Each page costs a fixed number of queries.
"""

import hashlib
import json
from collections import defaultdict
from math import ceil

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_safe

from pagecache.paginator import RememberedCountPaginator
from projects.filters import ProjectFilter
from projects.models import Event, EventKind, Project, ProjectStage, Statistic
from serving.downloads import json_value

from .filters import EventFilter, StatisticFilter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ROWS = 10_000  # the deepest row a page may reach: OFFSET costs the database the way there
PAGING = ("page", "page_size")


class BadRequest(Exception):
    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message, self.fields = message, fields or {}


def as_json(request, data, status=200):
    body = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()
    etag = quote_etag(hashlib.md5(body).hexdigest())
    if status == 200 and etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    if status == 200:
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
    else:
        response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def whole_number(request, name, default, highest=None):
    raw = request.GET.get(name, "").strip() or str(default)
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or int(raw) < 1:
        raise BadRequest(f"参数 {name} 应为正整数，如 {name}={default}。", {name: ["不是正整数"]})
    value = int(raw)
    if highest is not None and value > highest:
        raise BadRequest(f"参数 {name} 最大为 {highest}。", {name: [f"最大为 {highest}"]})
    return value


def filtered(request, filterset_class, queryset):
    unknown = sorted(set(request.GET) - set(filterset_class.base_filters) - set(PAGING))
    if unknown:
        allowed = "、".join([*filterset_class.base_filters, *PAGING])
        shown = "、".join(name[:30] for name in unknown[:5])
        raise BadRequest(f"不支持的参数：{shown}。可用的参数有：{allowed}。")
    filterset = filterset_class(request.GET, queryset=queryset)
    if not filterset.is_valid():
        fields = {name: list(errors) for name, errors in filterset.errors.items()}
        reasons = "；".join(e for errors in fields.values() for e in errors)
        raise BadRequest(f"筛选条件有误：{reasons}", fields)
    return filterset.qs


def page_of(request, queryset):
    """(the rows of the requested page, the paging facts), or BadRequest."""
    number = whole_number(request, "page", 1)
    size = whole_number(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    start = (number - 1) * size
    if start >= MAX_ROWS:
        raise BadRequest(
            f"分页最多到第 {MAX_ROWS:,} 条：请用筛选条件缩小范围，或在 /data/ 下载完整数据集。",
            {"page": ["超出可翻页范围"]},
        )
    count = RememberedCountPaginator(queryset, size).count
    pages = max(1, ceil(count / size))
    if number > pages:
        raise BadRequest(f"没有第 {number} 页：共 {pages} 页。", {"page": [f"共 {pages} 页"]})

    def link(page):
        query = request.GET.copy()
        query["page"] = page
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    facts = {
        "count": count,
        "page": number,
        "page_size": size,
        "pages": pages,
        "next": link(number + 1) if number < pages and start + size < MAX_ROWS else None,
        "previous": link(number - 1) if number > 1 else None,
    }
    return queryset[start : start + size], facts


def listing(view):
    """A GET endpoint that answers a BadRequest as 400 JSON."""

    @require_safe
    def wrapped(request):
        try:
            return as_json(request, view(request))
        except BadRequest as error:
            return as_json(request, {"error": error.message, "fields": error.fields}, 400)

    wrapped.__name__ = wrapped.__qualname__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def plain(row):
    return {name: json_value(value) for name, value in row.items()}


@listing
def projects(request):
    """Published projects, with the filters and orderings of /projects/."""
    queryset = filtered(request, ProjectFilter, Project.objects.published().newest_first())
    rows, facts = page_of(request, queryset)
    rows = list(
        rows.values(
            "pk", "code", "name", "slug", "region__name", "region__slug", "total_investment",
            "stage", "first_signed_on", "summary", "published_at",
        )
    )  # fmt: skip
    industries = defaultdict(list)
    tags = Project.industries.through.objects.filter(project_id__in=[r["pk"] for r in rows])
    for project_id, name in tags.order_by("industry__order", "industry__name").values_list(
        "project_id", "industry__name"
    ):
        industries[project_id].append(name)
    stages = dict(ProjectStage.choices)
    results = [
        {
            "code": row["code"],
            "name": row["name"],
            "url": request.build_absolute_uri(
                reverse("projects:project_detail", args=[row["slug"]])
            ),
            "region": row["region__name"],
            "region_slug": row["region__slug"],
            "industries": industries.get(row["pk"], []),
            "total_investment": json_value(row["total_investment"]),
            "stage": row["stage"],
            "stage_label": stages.get(row["stage"], row["stage"]),
            "signed_on": json_value(row["first_signed_on"]),
            "summary": row["summary"],
            "published_at": json_value(row["published_at"]),
        }
        for row in rows
    ]
    return {**facts, "results": results}


@listing
def events(request):
    """Published events, newest first, with the figures their organisers announced."""
    queryset = filtered(
        request, EventFilter, Event.objects.published().order_by("-start_date", "-pk")
    )
    rows, facts = page_of(request, queryset)
    kinds = dict(EventKind.choices)
    results = []
    for row in rows.values(
        "name", "slug", "kind", "region__name", "city", "start_date", "end_date", "online",
        "reported_project_count", "reported_amount", "reported_large_count", "summary",
    ):  # fmt: skip
        row = plain(row)
        slug = row.pop("slug")
        row["url"] = request.build_absolute_uri(reverse("projects:event_detail", args=[slug]))
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["region"] = row.pop("region__name")
        results.append(row)
    return {**facts, "results": results}


@listing
def statistics(request):
    """Published statistics: indicator, where, when, value and growth."""
    queryset = filtered(
        request, StatisticFilter, Statistic.objects.published().order_by(*Statistic._meta.ordering)
    )
    rows, facts = page_of(request, queryset)
    results = []
    for row in rows.values(
        "indicator", "region__name", "year", "month_start", "month_end", "value", "unit",
        "yoy_growth", "approximate", "remark",
    ):  # fmt: skip
        row = plain(row)
        row["region"] = row.pop("region__name")
        results.append(row)
    return {**facts, "results": results}
