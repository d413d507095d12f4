"""The /data/ page, the dataset files, the API's documentation page and OpenAPI document."""

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from serving.downloads import download

from . import api, openapi
from .datasets import DATASETS, FORMATS

# The default licence (settings.OPEN_DATA_LICENCE), for the catalogue: English pages name the
# English deed. An operator's own licence is shown as set.
gettext_noop("知识共享署名 4.0 国际许可协议（CC BY 4.0）")
gettext_noop("https://creativecommons.org/licenses/by/4.0/deed.zh-hans")


def licence():
    return {key: gettext(value) for key, value in settings.OPEN_DATA_LICENCE.items()}


class DataIndexView(TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        datasets = [
            {"dataset": d, "updated_at": d.updated_at(), "count": d.count()}
            for d in DATASETS.values()
        ]
        return super().get_context_data(
            datasets=datasets,
            formats=FORMATS,
            licence=licence(),
            files_in_chinese=get_language() == "en",
            rate_limit=settings.EXPORT_RATE_LIMIT,
            rate_window=settings.EXPORT_RATE_WINDOW,
            **kwargs,
        )


class ApiDocsView(TemplateView):
    template_name = "opendata/api.html"

    def get_context_data(self, **kwargs):
        document = openapi.document()
        endpoints = [
            {
                "path": path,
                "summary": document["paths"][path]["get"]["summary"],
                "parameters": document["paths"][path]["get"]["parameters"],
                "fields": schema["properties"],
            }
            for path, _, _, _, schema in openapi.ENDPOINTS
        ]
        return super().get_context_data(
            endpoints=endpoints,
            max_page_size=api.MAX_PAGE_SIZE,
            max_rows=f"{api.MAX_ROWS:,}",
            licence=licence(),
            **kwargs,
        )


@require_safe
def dataset_file(request, name, kind):
    dataset = DATASETS.get(name)
    if dataset is None or kind not in FORMATS:
        raise Http404("没有这个数据集")
    filename = f"{name}-{timezone.localdate().isoformat()}.{kind}"
    return download(request, f"data-{name}", {}, kind, filename)


@require_safe
def openapi_json(request):
    return api.as_json(request, openapi.document())
