"""What every public page carries for its other language: hreflang alternates in the head, a
plain link to the same page in the other language, and `lang` on content shown untranslated."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jlsite.chinese import CHINESE_LANG, lang_attribute, marked, needs_mark
from languages.paths import CHINESE, ENGLISH, HREFLANG, counterparts, in_language

register = template.Library()

SWITCH_LABELS = {CHINESE: "中文", ENGLISH: "English"}


def english():
    return get_language() == ENGLISH


@register.simple_tag
def html_lang():
    """The page's language for <html lang>."""
    return "en" if english() else "zh-CN"


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """<link rel=alternate hreflang> for each language and x-default (the Chinese page)."""
    request = context["request"]
    addresses = counterparts(request.get_full_path())
    rows = [(HREFLANG[code], request.build_absolute_uri(path)) for code, path in addresses.items()]
    rows.append(("x-default", request.build_absolute_uri(addresses[CHINESE])))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', rows)


@register.simple_tag(takes_context=True)
def language_switch(context):
    """A link to this page in the other language, named in that language."""
    other = CHINESE if english() else ENGLISH
    path = in_language(context["request"].get_full_path(), other)
    return format_html(
        '<a class="language-switch" href="{}" hreflang="{}" lang="{}">{}</a>',
        path,
        HREFLANG[other],
        HREFLANG[other],
        SWITCH_LABELS[other],
    )


@register.filter
def fallback_lang(obj, field):
    """` lang="zh-Hans"` for an element showing `obj.field` on an English page when the field
    has no English yet (the Chinese is shown instead); nothing otherwise."""
    if not english() or obj is None or not getattr(obj, field, ""):
        return ""
    if getattr(obj, f"{field}_en", None):
        return ""
    return mark_safe(f' lang="{HREFLANG[CHINESE]}"')


@register.filter
def in_chinese(value):
    """`value` in <span lang="zh-Hans"> on an English page when it is Chinese: content that has
    no English version (company names, indicators, notes, sources)."""
    return marked(value)


@register.filter
def chinese_lang(value):
    """` lang="zh-Hans"` for an element that shows `value` alone, when it is Chinese on an
    English page; nothing otherwise."""
    return lang_attribute(value)


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


@register.filter
def chinese_runs(value):
    """`value` with each run of Chinese in it marked on an English page (English text that
    quotes Chinese values)."""
    return marked_runs(value)
