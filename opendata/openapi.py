"""The API's OpenAPI 3 document: parameters read from the FilterSets the API uses, answers
written here beside the fields each endpoint returns."""

import django_filters
from django.conf import settings

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
    "已发布的招商项目",
    code=(TEXT, "项目编号，可能为空字符串"),
    name=(TEXT, "项目名称"),
    url=(TEXT, "项目页面地址"),
    region=(nullable(TEXT), "所在地区"),
    region_slug=(nullable(TEXT), "所在地区的网址标识，可用作 region 参数"),
    industries=({"type": "array", "items": TEXT}, "所属产业"),
    total_investment=(nullable(NUMBER), "总投资（亿元）"),
    stage=(TEXT, "项目阶段代码"),
    stage_label=(TEXT, "项目阶段"),
    signed_on=(nullable(DATE), "最早一次签约的日期"),
    summary=(TEXT, "项目简介"),
    published_at=({"type": "string", "format": "date-time"}, "发布时间"),
)
EVENT = item(
    "已发布的招商活动",
    name=(TEXT, "活动名称"),
    kind=(TEXT, "活动类型代码"),
    city=(TEXT, "省外举办城市"),
    start_date=(nullable(DATE), "开始日期"),
    end_date=(nullable(DATE), "结束日期"),
    online=(BOOLEAN, "是否线上举办"),
    reported_project_count=(nullable(INTEGER), "主办方公布的签约项目数"),
    reported_amount=(nullable(NUMBER), "主办方公布的签约总额（亿元）"),
    reported_large_count=(nullable(INTEGER), "主办方公布的 10 亿元以上项目数"),
    summary=(TEXT, "活动简介"),
    url=(TEXT, "活动页面地址"),
    kind_label=(TEXT, "活动类型"),
    region=(nullable(TEXT), "举办地区"),
)
STATISTIC = item(
    "已发布的统计数据",
    indicator=(TEXT, "指标"),
    year=(INTEGER, "年份"),
    month_start=(INTEGER, "起始月"),
    month_end=(INTEGER, "截止月"),
    value=(nullable(NUMBER), "数值"),
    unit=(TEXT, "单位"),
    yoy_growth=(nullable(NUMBER), "同比增长（%）"),
    approximate=(BOOLEAN, "是否约数"),
    remark=(TEXT, "说明"),
    region=(nullable(TEXT), "地区；全省数据为 null"),
)

ENDPOINTS = [
    ("/api/projects/", "projects", "招商项目", ProjectFilter, PROJECT),
    ("/api/events/", "events", "招商活动", EventFilter, EVENT),
    ("/api/statistics/", "statistics", "统计数据", StatisticFilter, STATISTIC),
]


def parameter_schema(name, filter_):
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return {"type": "string", "description": "网址标识（slug）"}
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
        {"name": "page", "in": "query", "required": False, "description": "页码，从 1 开始",
         "schema": {"type": "integer", "minimum": 1}},
        {"name": "page_size", "in": "query", "required": False,
         "description": f"每页条数，最多 {MAX_PAGE_SIZE}；可翻到的最深一条为第 {MAX_ROWS:,} 条",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE}},
    ]  # fmt: skip


def page_schema(reference):
    link = nullable({"type": "string", "format": "uri"})
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
        "properties": {
            "count": {**INTEGER, "description": "符合条件的总条数"},
            "page": INTEGER,
            "page_size": INTEGER,
            "pages": {**INTEGER, "description": "总页数"},
            "next": link,
            "previous": link,
            "results": {"type": "array", "items": {"$ref": reference}},
        },
    }


ANSWERS = {
    "304": {"description": "内容未变（请求带 If-None-Match 且与 ETag 相同）"},
    "400": {
        "description": "参数有误：error 说明原因与改法",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "429": {"description": "下载过于频繁（仅数据集文件）；见 Retry-After"},
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
                "summary": f"{title}列表",
                "parameters": parameters(filterset_class),
                "responses": {
                    "200": {
                        "description": f"一页{title}",
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
            "error": {**TEXT, "description": "中文说明"},
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}},
        },
    }
    paths["/data/{dataset}.{format}"] = {
        "get": {
            "operationId": "download_dataset",
            "summary": "下载完整数据集（说明见 /data/）",
            "parameters": [
                {"name": "dataset", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(DATASETS)}},
                {"name": "format", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(FORMATS)}},
            ],
            "responses": {"200": {"description": "数据文件（附件）"}, "429": ANSWERS["429"]},
        }
    }  # fmt: skip
    paths["/api/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "本文档",
            "responses": {"200": {"description": "OpenAPI 3 文档（JSON）"}},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{settings.SITE_NAME} 开放数据接口",
            "version": "1.0",
            "description": "只读接口，只提供已发布的公开内容。",
            "license": settings.OPEN_DATA_LICENCE,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
