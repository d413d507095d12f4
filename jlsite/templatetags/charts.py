"""Bar charts drawn on the server as SVG: no chart library, no JavaScript."""

from decimal import Decimal

from django import template

register = template.Library()

WIDTH = 640
LABEL_WIDTH = 180
VALUE_WIDTH = 110
ROW_HEIGHT = 34
BAR_HEIGHT = 20
TOP = 8


def _x(value, low, high):
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    return LABEL_WIDTH + float((value - low) / (high - low)) * plot


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
                "x": round(min(zero, end), 1),
                "width": round(max(abs(end - zero), 1), 1),
                "y": y,
                "text_y": y + BAR_HEIGHT / 2,
                "value_x": round(max(zero, end) + 6, 1),
                "negative": value < 0,
            }
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "bars": bars,
        "width": WIDTH,
        "height": TOP * 2 + ROW_HEIGHT * len(bars),
        "label_x": LABEL_WIDTH - 8,
        "zero": round(zero, 1),
        "bar_height": BAR_HEIGHT,
    }
