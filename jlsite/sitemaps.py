"""Sitemap building blocks the apps share; jlsite/urls.py assembles the apps' sitemaps and
serving/sitemaps.py writes them (the index and each part).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

SLUG = "__slug__"
NUMBER = 987654321  # a stand-in for an <int:…> argument


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
    # The fields url_name's arguments are read from, and a stand-in for each in its address.
    address_fields = ("slug",)
    stand_ins = (SLUG,)

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
        fields = self.address_fields + (("updated_at",) if self.dated else ())
        template = reverse(self.url_name, args=self.stand_ins).replace("{", "{{")
        template = template.replace("}", "}}")
        for n, stand_in in enumerate(self.stand_ins):
            template = template.replace(str(stand_in), f"{{{n}}}")
        width = len(self.address_fields)
        return [
            (template.format(*row[:width]), row[width] if self.dated else None)
            for row in rows.values_list(*fields)[: self.limit]
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
