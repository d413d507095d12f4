"""Sitemap building blocks the apps share; jlsite/urls.py assembles the apps' sitemaps.

`sitemap.xml` is written by `sitemap_index` and each part by `sitemap_part`: the same XML
as Django's sitemap views, without a template (thousands of addresses through the template
engine took over a second; the index lists a hundred parts at 100,000 projects).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe

SLUG = "__slug__"


class SectionSitemap(Sitemap):
    """Fixed pages, by URL name."""

    changefreq = "daily"
    priority = 0.8
    names = ()

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)


class HomeSitemap(SectionSitemap):
    names = ("home",)


# Each part of the sitemap index lists at most this many addresses (the protocol allows
# 50,000, but a part must answer quickly: 2,000 took a worker 25 ms, half the throughput a page
# needs, and 1,000 just reached it).
PART_SIZE = 500


class SlugSitemap(Sitemap):
    """Rows whose address is `url_name` with their slug: the address is made by replacing the
    slug in one reversed address rather than reversing each row's. A part is read from the
    first key of the part on (`part_starts`), not by OFFSET, and as plain values."""

    url_name = None
    limit = PART_SIZE
    dated = False  # whether rows have an `updated_at` to show as <lastmod>

    def part_starts(self):
        """The key each part starts at (RememberedSitemap keeps them until content changes)."""
        return list(self.items().values_list("pk", flat=True))[:: self.limit]

    def part_rows(self, number):
        """[(path, lastmod or None)] of part `number` (InvalidPage past the last part)."""
        number = self.paginator.validate_number(number)
        starts = self.part_starts()
        if number > len(starts):  # an empty section: its one part is empty
            return []
        rows = self.items().filter(pk__gte=starts[number - 1]).order_by("pk")
        fields = ("slug", "updated_at") if self.dated else ("slug",)
        pattern = reverse(self.url_name, args=[SLUG])
        return [
            (pattern.replace(SLUG, slug), moment[0] if moment else None)
            for slug, *moment in rows.values_list(*fields)[: self.limit]
        ]


class PublishedSitemap(SlugSitemap):
    """Published rows of `model`, dated by their last change, in parts of PART_SIZE."""

    model = None
    dated = True

    def items(self):
        return self.model.objects.published().only("id", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest change; the index needs one.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ReferenceSitemap(SlugSitemap):
    """Reference data (regions, industries): always public."""

    model = None

    def items(self):
        return self.model.objects.order_by("pk")


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
