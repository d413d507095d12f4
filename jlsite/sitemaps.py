"""Sitemap building blocks the apps share; jlsite/urls.py assembles the apps' sitemaps."""

from django.contrib.sitemaps import Sitemap
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


class PublishedSitemap(Sitemap):
    """Published rows of `model`, dated by their last change."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ReferenceSitemap(Sitemap):
    """Reference data (regions, industries): always public."""

    model = None

    def items(self):
        return self.model.objects.order_by("pk")
