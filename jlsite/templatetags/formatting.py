"""Amounts as the sources write them (663.02亿元, 8864万元) and dates in Chinese; on English
pages in English conventions (CNY 66.302 billion, CNY 88.64 million, 11 September 2022)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, override

from jlsite.chinese import marked

register = template.Library()

HUNDREDTH = Decimal("0.01")
WAN_PER_YI = Decimal("10000")
YI_PER_BILLION = Decimal("10")
MILLIONS_PER_YI = Decimal("100")
ENGLISH_PLACES = Decimal("0.0001")


def english():
    return get_language() == "en"


def as_decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def plain_number(value):
    """Up to two decimals, trailing zeros dropped: 663.0200 → 663.02, 12.5000 → 12.5, 30 → 30."""
    number = as_decimal(value)
    if number is None:
        return ""
    text = format(number.quantize(HUNDREDTH, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@register.filter
def amount(value):
    """An amount stored in 亿元, written in 亿元, or in 万元 when under one 亿元."""
    number = as_decimal(value)
    if number is None:
        return ""
    if english():
        return english_amount(number)
    if 0 < abs(number) < 1:
        return f"{plain_number(number * WAN_PER_YI)}万元"
    return f"{plain_number(number)}亿元"


def english_amount(number):
    """An amount in 亿元 as CNY billions (from 10亿元) or millions: 88.64 → CNY 8.864 billion."""
    if abs(number) >= YI_PER_BILLION:
        shown, unit = number / YI_PER_BILLION, "billion"
    else:
        shown, unit = number * MILLIONS_PER_YI, "million"
    text = format(shown.quantize(ENGLISH_PLACES, rounding=ROUND_HALF_UP), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"CNY {text} {unit}"


# Units of statistics that are sums of money in 亿元 (the value times the factor).
MONEY_UNITS = {"亿元": Decimal("1"), "万元": 1 / WAN_PER_YI}


def measured(value, unit):
    """A statistic's value with its unit: on English pages a sum in 亿元 or 万元 in CNY
    (663.02亿元 → CNY 66.302 billion); other units as entered."""
    number = as_decimal(value)
    if number is None:
        return ""
    if english() and unit in MONEY_UNITS:
        return english_amount(number * MONEY_UNITS[unit])
    return f"{plain_number(number)}{unit}"


@register.filter
def statistic_value(statistic):
    """`measured` for a table cell: a unit left in Chinese on an English page is marked."""
    if statistic.value is None:
        return ""
    if english() and statistic.unit in MONEY_UNITS:
        return measured(statistic.value, statistic.unit)
    return format_html("{}{}", plain_number(as_decimal(statistic.value)), marked(statistic.unit))


@register.filter
def figure(value):
    """A cell of an event's figure table, whose row label carries the unit (个, 亿元)."""
    if value is None or value == "":
        return gettext("未公布")
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def month_name(number):
    with override("en"):
        return str(MONTHS[number])


@register.filter
def cn_date(value):
    """2022-09-11 → 2022年9月11日 (11 September 2022 on English pages)."""
    day = local_date(value)
    if not day:
        return ""
    if english():
        return f"{day.day} {month_name(day.month)} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def cn_month(value):
    """2022-09-11 → 2022年9月 (September 2022 on English pages)."""
    day = local_date(value)
    if not day:
        return ""
    if english():
        return f"{month_name(day.month)} {day.year}"
    return f"{day.year}年{day.month}月"


@register.simple_tag
def cn_date_range(start, end):
    """2022年9月9日至11日, 2022年9月30日至10月2日, or a single day; blank when not known."""
    if not start:
        return ""
    if not end or end == start:
        return cn_date(start)
    if english():
        return english_date_range(start, end)
    if end.year != start.year:
        return f"{cn_date(start)}至{cn_date(end)}"
    if end.month != start.month:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{end.day}日"


def english_date_range(start, end):
    """9–11 September 2022, 30 September – 2 October 2022, 30 December 2022 – 2 January 2023."""
    if end.year != start.year:
        return f"{cn_date(start)} – {cn_date(end)}"
    if end.month != start.month:
        return f"{start.day} {month_name(start.month)} – {cn_date(end)}"
    return f"{start.day}–{cn_date(end)}"


def english_period(year, month_start, month_end):
    """2022 for a whole year, September 2022, January–August 2022."""
    if month_start == 1 and month_end == 12:
        return str(year)
    if month_start == month_end:
        return f"{month_name(month_start)} {year}"
    return f"{month_name(month_start)}–{month_name(month_end)} {year}"
