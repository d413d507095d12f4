"""Sitemap building blocks the apps share; jlsite/urls.py assembles the apps' sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse


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
# 50,000, but a part must answer quickly).
PART_SIZE = 5000


class PublishedSitemap(Sitemap):
    """Published rows of `model`, dated by their last change, in parts of PART_SIZE."""

    model = None
    limit = PART_SIZE

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest change; the index needs one.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ReferenceSitemap(Sitemap):
    """Reference data (regions, industries): always public."""

    model = None
    limit = PART_SIZE

    def items(self):
        return self.model.objects.order_by("pk")
