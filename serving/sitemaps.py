"""The sitemap index (`sitemap.xml`) and each part of it, as sitemaps.org XML: the same XML as
Django's sitemap views, written without a template (thousands of addresses through the template
engine took over a second; the index lists two hundred parts at 100,000 projects). The sections
are jlsite.sitemaps' classes, assembled in jlsite/urls.py.
"""

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# hreflang of each language; public pages other than Chinese live under /<language>/.
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def alternates(base, path):
    """<xhtml:link> to the page in every language, and x-default (the Chinese page); `base`
    and `path` escaped already."""
    links = [
        (HREFLANG.get(code, code), path if code == settings.LANGUAGE_CODE else f"/{code}{path}")
        for code, _ in settings.LANGUAGES
    ] + [("x-default", path)]
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{lang}" href="{base}{href}"/>'
        for lang, href in links
    )


def part_rows(sitemap, number):
    """[(path, lastmod or None)] of part `number` of `sitemap` (InvalidPage past its end)."""
    if hasattr(sitemap, "part_rows") and sitemap.url_name is not None:
        return sitemap.part_rows(number)
    page = sitemap.paginator.page(number)
    dated = callable(getattr(sitemap, "lastmod", None))
    return [
        (sitemap.location(item), sitemap.lastmod(item) if dated else None)
        for item in page.object_list
    ]


@require_safe
def sitemap_part(request, sitemaps, section):
    """One part (`?p=`) of one section of the sitemap index, as sitemaps.org XML."""
    if section not in sitemaps:
        raise Http404("没有这个网站地图分区。")
    sitemap = sitemaps[section]()
    try:
        found = part_rows(sitemap, request.GET.get("p", "1"))
    except InvalidPage:
        raise Http404("没有这一部分网站地图。") from None
    base = escape(f"{request.scheme}://{request.get_host()}")
    rows = []
    for path, moment in found:
        path = escape(path)
        row = f"<url><loc>{base}{path}</loc>" + alternates(base, path)
        if moment is not None:
            row += f"<lastmod>{timezone.localtime(moment).date().isoformat()}</lastmod>"
        if changefreq := getattr(sitemap, "changefreq", None):
            row += f"<changefreq>{changefreq}</changefreq>"
        if (priority := getattr(sitemap, "priority", None)) is not None:
            row += f"<priority>{priority}</priority>"
        rows.append(row + "</url>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(rows) + "</urlset>\n"
    )
    return HttpResponse(xml, content_type="application/xml")


@x_robots_tag
@require_safe
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Every part of every section, each dated by its section's newest change, with the newest
    of them as Last-Modified when every section has one (as Django's index view)."""
    base = f"{request.scheme}://{request.get_host()}"
    entries, latest, all_dated = [], None, True
    for section, sitemap in sitemaps.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        address = escape(base + reverse(sitemap_url_name, kwargs={"section": section}))
        moment = sitemap.get_latest_lastmod()
        if moment is None:
            all_dated = False
        elif all_dated:
            latest = moment if latest is None else max(latest, moment)
        lastmod = f"<lastmod>{timezone.localtime(moment).isoformat()}</lastmod>" if moment else ""
        for number in range(1, sitemap.paginator.num_pages + 1):
            location = address if number == 1 else f"{address}?p={number}"
            entries.append(f"<sitemap><loc>{location}</loc>{lastmod}</sitemap>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</sitemapindex>\n"
    )
    response = HttpResponse(xml, content_type="application/xml")
    if all_dated and latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response
