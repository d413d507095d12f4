"""Sitemaps whose sizes and newest change are remembered until the content changes.

The sitemap index asks every section for its number of parts and its newest change: a COUNT and
a MAX over the whole table on each request, which grew with the table (40 index requests/s at
100,000 projects against 160 at 1,000).
"""

from .paginator import RememberedCountPaginator
from .versions import memoize


class RememberedSitemap:
    """Mix in before a django.contrib.sitemaps.Sitemap subclass."""

    @property
    def paginator(self):
        return RememberedCountPaginator(self._items(), self.limit)

    def part_starts(self):
        compute = super().part_starts
        return memoize(f"sitemap-starts:{type(self).__module__}.{type(self).__name__}", compute)

    def get_latest_lastmod(self):
        compute = super().get_latest_lastmod
        return memoize(f"sitemap-lastmod:{type(self).__module__}.{type(self).__name__}", compute)
