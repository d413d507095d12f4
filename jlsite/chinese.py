"""Content that has no English version (company names, statistic indicators, milestone notes,
sources) is shown in Chinese on English pages too, marked lang="zh-Hans" so screen readers
read it in Chinese: the one place that decides what needs the mark."""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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


# A run of Chinese inside English text, with the full-width punctuation that belongs to it.
RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff]+(?:[、，。（）\u3000]*[\u3400-\u9fff\uf900-\ufaff]+)*"
)


def marked_runs(text):
    """`text` escaped, each run of Chinese in it marked when it needs the mark: for English
    that quotes the Chinese values a file holds (“已发布”, 亿元)."""
    text = "" if text is None else str(text)
    if not needs_mark(text):
        return conditional_escape(text)
    pieces, last = [], 0
    for match in RUN.finditer(text):
        pieces.append(conditional_escape(text[last : match.start()]))
        pieces.append(format_html('<span lang="{}">{}</span>', CHINESE_LANG, match[0]))
        last = match.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(pieces))
