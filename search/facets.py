"""The filters beside a search (type, region, year) and the exact counts for each choice."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import get_language, gettext

from . import registry
from .indexing import with_names


def region_names():
    """{slug: (name, parent slug)} in the page's language, remembered until a name changes."""

    def load():
        return {slug: (name, parent) for slug, name, parent in registry.regions()}

    return with_names(f"search-regions:{get_language()}", load)


@dataclass
class Filters:
    kind: str = ""
    region: str = ""
    year: int | None = None
    messages: list = field(default_factory=list)

    @classmethod
    def from_query(cls, params, regions):
        filters = cls()
        kind = (params.get("type") or "").strip()
        labels = dict(registry.kinds())
        if kind in labels:
            filters.kind = kind
        elif kind:
            filters.messages.append(
                gettext("没有这种内容类型，已在全部类型中搜索；请从左侧选择类型。")
            )
        region = (params.get("region") or "").strip()
        if region in regions:
            filters.region = region
        elif region:
            filters.messages.append(gettext("没有这个地区，已在全部地区中搜索；请从左侧选择地区。"))
        year = (params.get("year") or "").strip()
        if year.isascii() and year.isdigit() and 1900 <= int(year) <= 2100:
            filters.year = int(year)
        elif year:
            filters.messages.append(gettext("年份应为四位数字，如 2022，已在全部年份中搜索。"))
        return filters

    def q(self):
        condition = Q()
        if self.kind:
            condition &= Q(kind=self.kind)
        if self.region:
            condition &= Q(region=self.region) | Q(area=self.region)
        if self.year:
            condition &= Q(year=self.year)
        return condition

    def key(self):
        return f"{self.kind}|{self.region}|{self.year or ''}"

    def admits(self, row, skip=""):
        kind, region, area, year = row[:4]
        return (
            (skip == "kind" or not self.kind or kind == self.kind)
            and (skip == "region" or not self.region or self.region in (region, area))
            and (skip == "year" or not self.year or year == self.year)
        )


# Rows are (kind, region, area, year, count): see counts.facet_rows and counts.title_rows.


def total(rows, filters):
    """How many of the matches (or title matches, from title_rows) the filters admit."""
    return sum(row[-1] for row in rows if filters.admits(row))


def counts(rows, filters):
    """Each facet's choices with their exact counts, each counted with the other filters."""
    by_kind, by_area, by_year = {}, {}, {}
    wanted_kind, wanted_region, wanted_year = filters.kind, filters.region, filters.year
    for kind, region, area, year, n in rows:  # (Filters.admits, inlined: rows run to 1,000s)
        kind_ok = not wanted_kind or kind == wanted_kind
        region_ok = not wanted_region or wanted_region in (region, area)
        year_ok = not wanted_year or year == wanted_year
        if region_ok and year_ok:
            by_kind[kind] = by_kind.get(kind, 0) + n
        if kind_ok and year_ok and area:
            by_area[area] = by_area.get(area, 0) + n
        if kind_ok and region_ok and year:
            by_year[year] = by_year.get(year, 0) + n
    names = region_names()
    return {
        "kinds": [
            {"value": kind, "label": label, "count": by_kind[kind]}
            for kind, label in registry.kinds()
            if by_kind.get(kind)
        ],
        "regions": [
            {"value": slug, "label": names.get(slug, (slug, ""))[0], "count": count}
            for slug, count in sorted(by_area.items(), key=lambda item: (-item[1], item[0]))
        ],
        "years": [
            {"value": year, "label": gettext("%(year)s年") % {"year": year}, "count": by_year[year]}
            for year in sorted(by_year, reverse=True)
        ],
    }
