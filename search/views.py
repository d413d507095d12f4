from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from jlsite.chinese import lang_attribute
from jlsite.listing import forgiving_page
from pagecache.paginator import RememberedCountPaginator

from . import counts, facets, query, ranking, registry, suggestions
from .highlight import highlighted, pattern, snippet
from .models import QueryLog
from .translated import in_page_language

PER_PAGE = 20


class SearchPaginator(RememberedCountPaginator):
    max_pages = 50  # 1,000 results; past that a narrower search finds it faster


def result_items(documents, parsed, names):
    labels = dict(registry.kinds())
    found = pattern(parsed.marks)
    return [
        {
            # (Formatted here: the template's date filter took 2 ms for a page's 40 dates.)
            **dated(doc["published_at"]),
            "kind": labels.get(doc["kind"], ""),
            "title": highlighted(title, found),
            "title_lang": lang_attribute(title),  # still Chinese on an English page
            "snippet": snippet(doc["body"], found) if doc["body"] else "",
            "snippet_lang": lang_attribute(doc["body"]),
            "url": url,
            "region": names.get(doc["region"], ("", ""))[0],
        }
        for doc, (title, url) in zip(documents, in_page_language(documents), strict=True)
    ]


def dated(moment):
    local = timezone.localtime(moment)
    return {"datetime": local.strftime("%Y-%m-%dT%H:%M:%S%z"), "date": local.strftime("%Y-%m-%d")}


def facet_list(params, counts, filters):
    """The three facets, each choice with the address that selects it (from page 1)."""

    def address(name, value):
        changed = params.copy()
        changed.pop("page", None)
        changed.pop(name, None)
        if value is not None:
            changed[name] = value
        return "?" + changed.urlencode()

    facets_shown = []
    for title, name, key, selected in (
        (_("类型"), "type", "kinds", filters.kind),
        (pgettext_lazy("标签", "地区"), "region", "regions", filters.region),
        (_("年份"), "year", "years", filters.year),
    ):
        choices = [
            {
                **choice,
                "url": address(name, choice["value"]),
                "selected": choice["value"] == selected,
            }
            for choice in counts[key]
        ]
        facets_shown.append(
            {
                "title": title,
                "choices": choices,
                "selected": selected,
                "all_url": address(name, None),
            }
        )
    return facets_shown


@require_GET
def search(request):
    parsed = query.parse(request.GET.get("q", ""))
    names = facets.region_names()
    filters = facets.Filters.from_query(request.GET, names)
    context = {"query": parsed.typed, "parsed": parsed, "filters": filters, "results": []}
    if parsed.searchable:
        asked = request.GET.get("page") or "1"
        first = ranking.first_page_ahead(parsed, filters, PER_PAGE) if asked == "1" else None
        rows = counts.facet_rows(parsed, titles=first is None)
        total = facets.total(rows, filters)
        paginator = SearchPaginator(range(total), PER_PAGE, allow_empty_first_page=True)
        page, page_error = forgiving_page(paginator, request.GET.get("page"))
        if page is not None and total:
            offset = (page.number - 1) * PER_PAGE
            documents = ranking.page_of_results(parsed, filters, offset, PER_PAGE, first)
            context["results"] = result_items(documents, parsed, names)
        if page is None or page.number == 1:
            QueryLog.record(parsed.typed, total)
        context.update(
            total=total,
            facet_list=facet_list(request.GET, facets.counts(rows, filters), filters),
            paginator=paginator,
            page_obj=page,
            page_error=page_error,
            is_paginated=bool(page and page.has_other_pages()),
            page_range=paginator.get_elided_page_range(page.number) if page else [],
            single_limit=query.SINGLE_CHARACTER_RESULTS,
        )
    response = render(request, "search/results.html", context)
    # Every search is logged, so the page cache must not answer it (results are remembered).
    response["Cache-Control"] = "private"
    return response


@require_GET
def suggest(request):
    """Up to eight titles for the header box's list, as JSON."""
    titles = suggestions.suggestions(request.GET.get("q", ""))
    return JsonResponse(titles, safe=False, json_dumps_params={"ensure_ascii": False})
