"""The API's OpenAPI 3 document: parameters read from the FilterSets the API uses, answers
written here beside the fields each endpoint returns."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.filters import ProjectFilter

from .api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_ROWS
from .datasets import DATASETS, FORMATS
from .filters import EventFilter, StatisticFilter

TEXT, DATE, NUMBER = {"type": "string"}, {"type": "string", "format": "date"}, {"type": "number"}
INTEGER, BOOLEAN = {"type": "integer"}, {"type": "boolean"}


def nullable(schema):
    return {**schema, "nullable": True}


def item(description, **fields):
    return {
        "type": "object",
        "description": description,
        "properties": {
            name: {**schema, "description": text} for name, (schema, text) in fields.items()
        },
        "required": list(fields),
    }


PROJECT = item(
    _("已发布的招商项目"),
    code=(TEXT, _("项目编号，可能为空字符串")),
    name=(TEXT, _("项目名称")),
    url=(TEXT, _("项目页面地址")),
    region=(nullable(TEXT), _("所在地区")),
    region_slug=(nullable(TEXT), _("所在地区的网址标识，可用作 region 参数")),
    industries=({"type": "array", "items": TEXT}, _("所属产业")),
    total_investment=(nullable(NUMBER), _("总投资（亿元）")),
    stage=(TEXT, _("项目阶段代码")),
    stage_label=(TEXT, _("项目阶段")),
    signed_on=(nullable(DATE), _("最早一次签约的日期")),
    summary=(TEXT, _("项目简介")),
    published_at=({"type": "string", "format": "date-time"}, _("发布时间")),
)
EVENT = item(
    _("已发布的招商活动"),
    name=(TEXT, _("活动名称")),
    kind=(TEXT, _("活动类型代码")),
    city=(TEXT, _("省外举办城市")),
    start_date=(nullable(DATE), _("开始日期")),
    end_date=(nullable(DATE), _("结束日期")),
    online=(BOOLEAN, _("是否线上举办")),
    reported_project_count=(nullable(INTEGER), _("主办方公布的签约项目数")),
    reported_amount=(nullable(NUMBER), _("主办方公布的签约总额（亿元）")),
    reported_large_count=(nullable(INTEGER), _("主办方公布的 10 亿元以上项目数")),
    summary=(TEXT, _("活动简介")),
    url=(TEXT, _("活动页面地址")),
    kind_label=(TEXT, _("活动类型")),
    region=(nullable(TEXT), _("举办地区")),
)
STATISTIC = item(
    _("已发布的统计数据"),
    indicator=(TEXT, _("指标")),
    year=(INTEGER, _("年份")),
    month_start=(INTEGER, _("起始月")),
    month_end=(INTEGER, _("截止月")),
    value=(nullable(NUMBER), _("数值")),
    unit=(TEXT, _("单位")),
    yoy_growth=(nullable(NUMBER), _("同比增长（%）")),
    approximate=(BOOLEAN, _("是否约数")),
    remark=(TEXT, _("说明")),
    region=(nullable(TEXT), _("地区；全省数据为 null")),
)

ENDPOINTS = [
    ("/api/projects/", "projects", _("招商项目"), ProjectFilter, PROJECT),
    ("/api/events/", "events", _("招商活动"), EventFilter, EVENT),
    ("/api/statistics/", "statistics", _("统计数据"), StatisticFilter, STATISTIC),
]


def parameter_schema(name, filter_):
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return {"type": "string", "description": _("网址标识（slug）")}
    if isinstance(filter_, django_filters.OrderingFilter):
        return {"type": "string", "enum": [value for value, _ in filter_.extra["choices"]]}
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = filter_.extra.get("choices")
        if callable(choices):  # decided by the data (signing years)
            return INTEGER
        return {"type": "string", "enum": [value for value, _ in choices]}
    if isinstance(filter_, django_filters.NumberFilter):
        return INTEGER if filter_.extra.get("decimal_places") == 0 else NUMBER
    return {"type": "string", "maxLength": filter_.extra.get("max_length", 100)}


def parameters(filterset_class):
    found = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": str(filter_.label or name),
            "schema": parameter_schema(name, filter_),
        }
        for name, filter_ in filterset_class.base_filters.items()
    ]
    return [
        *found,
        {"name": "page", "in": "query", "required": False, "description": _("页码，从 1 开始"),
         "schema": {"type": "integer", "minimum": 1}},
        {"name": "page_size", "in": "query", "required": False,
         "description": gettext("每页条数，最多 %(size)s；可翻到的最深一条为第 %(rows)s 条")
         % {"size": MAX_PAGE_SIZE, "rows": f"{MAX_ROWS:,}"},
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE}},
    ]  # fmt: skip


def page_schema(reference):
    link = nullable({"type": "string", "format": "uri"})
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
        "properties": {
            "count": {**INTEGER, "description": _("符合条件的总条数")},
            "page": INTEGER,
            "page_size": INTEGER,
            "pages": {**INTEGER, "description": _("总页数")},
            "next": link,
            "previous": link,
            "results": {"type": "array", "items": {"$ref": reference}},
        },
    }


ANSWERS = {
    "304": {"description": _("内容未变（请求带 If-None-Match 且与 ETag 相同）")},
    "400": {
        "description": _("参数有误：error 说明原因与改法"),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "429": {"description": _("下载过于频繁（仅数据集文件）；见 Retry-After")},
}


def document():
    paths, schemas = {}, {}
    for path, name, title, filterset_class, schema in ENDPOINTS:
        schema_name = name.title()
        schemas[schema_name] = schema
        schemas[f"{schema_name}Page"] = page_schema(f"#/components/schemas/{schema_name}")
        paths[path] = {
            "get": {
                "operationId": f"list_{name}",
                "summary": gettext("%(title)s列表") % {"title": title},
                "parameters": parameters(filterset_class),
                "responses": {
                    "200": {
                        "description": gettext("一页%(title)s") % {"title": title},
                        "headers": {"ETag": {"schema": TEXT}},
                        "content": {"application/json": {"schema": {
                            "$ref": f"#/components/schemas/{schema_name}Page"}}},
                    },
                    "304": ANSWERS["304"],
                    "400": ANSWERS["400"],
                },
            }
        }  # fmt: skip
    schemas["Error"] = {
        "type": "object",
        "required": ["error", "fields"],
        "properties": {
            "error": {**TEXT, "description": _("中文说明")},
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}},
        },
    }
    paths["/data/{dataset}.{format}"] = {
        "get": {
            "operationId": "download_dataset",
            "summary": _("下载完整数据集（说明见 /data/）"),
            "parameters": [
                {"name": "dataset", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(DATASETS)}},
                {"name": "format", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(FORMATS)}},
            ],
            "responses": {"200": {"description": _("数据文件（附件）")}, "429": ANSWERS["429"]},
        }
    }  # fmt: skip
    paths["/api/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": _("本文档"),
            "responses": {"200": {"description": _("OpenAPI 3 文档（JSON）")}},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": gettext("%(site)s 开放数据接口") % {"site": settings.SITE_NAME},
            "version": "1.0",
            "description": _("只读接口，只提供已发布的公开内容。"),
            "license": settings.OPEN_DATA_LICENCE,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
