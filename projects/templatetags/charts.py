"""Bar charts drawn on the server as SVG: no chart library, no JavaScript; statistics grouped
into the series they chart."""

from decimal import Decimal
from itertools import groupby

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from jlsite.chinese import marked
from jlsite.templatetags.formatting import measured, plain_number

register = template.Library()

# Across: percentages of the chart's width, so the text is never scaled down with the
# drawing (a viewBox shrank 16 px labels to 8.5 px on a phone). Down: CSS pixels.
LABEL_END = 35
PLOT_START = 37
PLOT_END = 76
ROW_HEIGHT = 34
BAR_HEIGHT = 20
TOP = 8


def _x(value, low, high):
    return PLOT_START + float((value - low) / (high - low)) * (PLOT_END - PLOT_START)


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(points, title, chart_id):
    """Horizontal bars for `points`, a list of (label, Decimal value, shown text); None skipped."""
    rows = [(label, Decimal(value), shown) for label, value, shown in points if value is not None]
    low = min([Decimal(0), *(value for _, value, _ in rows)])
    high = max([Decimal(0), *(value for _, value, _ in rows)])
    if high == low:
        high = low + 1
    zero = _x(Decimal(0), low, high)
    bars = []
    for index, (label, value, shown) in enumerate(rows):
        end = _x(value, low, high)
        y = TOP + index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "shown": shown,
                "x": round(min(zero, end), 2),
                "width": round(max(abs(end - zero), 0.2), 2),
                "y": y,
                "text_y": y + BAR_HEIGHT / 2,
                "value_x": round(max(zero, end) + 1, 2),
                "negative": value < 0,
            }
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "bars": bars,
        "height": TOP * 2 + ROW_HEIGHT * len(bars),
        "label_x": LABEL_END,
        "zero": round(zero, 2),
        "bar_height": BAR_HEIGHT,
    }


def chart_title(where, indicator, unit):
    names = {"where": where, "indicator": indicator, "unit": unit}
    if unit:
        return gettext("%(where)s%(indicator)s（%(unit)s）") % names
    return gettext("%(where)s%(indicator)s") % names


def as_html(names):
    """The parts of a title escaped, the indicator and unit marked (jlsite.chinese)."""
    return {
        key: marked(value) if key in ("indicator", "unit") else conditional_escape(value)
        for key, value in names.items()
    }


def captioned(where, indicator, unit):
    parts = as_html({"where": where, "indicator": indicator, "unit": unit})
    return parts["where"], parts["indicator"], parts["unit"]


def series_key(statistic):
    """Indicator, then the province (first) or the region, in the regions' order."""
    region = statistic.region
    return (statistic.indicator, region.order if region else -1, statistic.region_id or 0)


@register.simple_tag
def statistic_series(statistics):
    """Statistics grouped by indicator and region, each group in time order, for the charts."""
    keyed = sorted(statistics, key=lambda s: (*series_key(s), s.year, s.month_end, s.month_start))
    series = []
    for number, (key, group) in enumerate(groupby(keyed, key=series_key), start=1):
        indicator = key[0]
        rows = list(group)
        where = rows[0].region.name if rows[0].region_id else gettext("全省")
        values = [
            (s.period_label, s.value, measured(s.value, s.unit))
            for s in rows
            if s.value is not None
        ]
        growth = [
            (
                s.period_label,
                s.yoy_growth,
                f"{gettext('约') if s.approximate else ''}{plain_number(s.yoy_growth)}%",
            )
            for s in rows
            if s.yoy_growth is not None
        ]
        unit = rows[0].unit
        names = {"where": where, "indicator": indicator}
        series.append(
            {
                "id": f"stat-{number}",
                "indicator": indicator,
                "where": where,
                "rows": rows,
                "values": values,
                "growth": growth,
                "values_title": chart_title(where, indicator, unit),
                "growth_title": gettext("%(where)s%(indicator)s同比增长（%%）") % names,
                # The same as HTML, the indicator marked where it is Chinese on an English page.
                "values_caption": mark_safe(chart_title(*captioned(where, indicator, unit))),
                "growth_caption": mark_safe(
                    gettext("%(where)s%(indicator)s同比增长（%%）") % as_html(names)
                ),
                "table_caption": mark_safe(
                    gettext("%(where)s%(indicator)s：数据表") % as_html(names)
                ),
            }
        )
    return series
