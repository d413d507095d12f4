"""Content that has no English version (company names, statistic indicators, milestone notes,
sources) is shown in Chinese on English pages too, marked lang="zh-Hans" so screen readers
read it in Chinese: the one place that decides what needs the mark."""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CHINESE_LANG = "zh-Hans"


def needs_mark(text):
    """Whether `text`, shown on the current page, is Chinese on an English page."""
    return get_language() == "en" and bool(text) and bool(HAN.search(str(text)))


def marked(text):
    """`text` escaped, inside <span lang="zh-Hans"> when it needs the mark."""
    if needs_mark(text):
        return format_html('<span lang="{}">{}</span>', CHINESE_LANG, text)
    return conditional_escape(text)


def lang_attribute(text):
    """` lang="zh-Hans"` for an element that shows `text` alone, when it needs the mark."""
    return format_html(' lang="{}"', CHINESE_LANG) if needs_mark(text) else ""
