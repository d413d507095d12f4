"""Amounts as the sources write them (663.02亿元, 8864万元) and dates in Chinese."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

HUNDREDTH = Decimal("0.01")
WAN_PER_YI = Decimal("10000")


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
    if 0 < abs(number) < 1:
        return f"{plain_number(number * WAN_PER_YI)}万元"
    return f"{plain_number(number)}亿元"


@register.filter
def figure(value):
    """A cell of an event's figure table, whose row label carries the unit (个, 亿元)."""
    if value is None or value == "":
        return "未公布"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def cn_date(value):
    """2022-09-11 → 2022年9月11日."""
    day = local_date(value)
    if not day:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def cn_month(value):
    """2022-09-11 → 2022年9月."""
    day = local_date(value)
    if not day:
        return ""
    return f"{day.year}年{day.month}月"


@register.simple_tag
def cn_date_range(start, end):
    """2022年9月9日至11日, 2022年9月30日至10月2日, or a single day; blank when not known."""
    if not start:
        return ""
    if not end or end == start:
        return cn_date(start)
    if end.year != start.year:
        return f"{cn_date(start)}至{cn_date(end)}"
    if end.month != start.month:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{end.day}日"
