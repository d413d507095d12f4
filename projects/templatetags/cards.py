"""A project's card (lists, region and industry pages, the home page), written in Python.

Twenty cards through a template include cost a list page more than its queries: each card
resolved some forty variables and translated six labels. The markup is the one the card
template had; `lang` marks names still in Chinese on English pages (languages)."""

import unicodedata
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext

from jlsite.templatetags.formatting import amount, cn_date
from languages.templatetags.languages import fallback_lang
from projects.models import ProjectStage

register = template.Library()

SUMMARY_CHARACTERS = 90
STAGE_LABELS = dict(ProjectStage.choices)


@register.simple_tag
def project_card(project):
    """The card of a project fetched with `for_cards()` (its place and industries named)."""
    stage = fact(gettext("阶段"), stage_label(project.stage)) if project.stage else ""
    signed = project.first_signed_on
    signed = fact(gettext("签约日期"), cn_date(signed)) if signed else ""
    investment = amount(project.total_investment) or gettext("未公布")
    url, lang, name = project.get_absolute_url(), fallback_lang(project, "name"), project.name
    lines = [
        '\n<article class="card project-card">',
        f'  <h3 class="card-title"><a href="{escape(url)}"{lang}>{escape(name)}</a></h3>',
        "  " + summary(project),
        '  <dl class="facts">',
        "    " + fact(pgettext("标签", "地区"), where(project)),
        "    " + industries(project),
        "    " + fact(gettext("总投资"), investment),
        "    " + stage,
        "    " + signed,
        "  </dl>",
        "</article>\n",
    ]
    return mark_safe("\n".join(lines))


# Names, slugs and summaries are plain strings: the standard library's html.escape, which is
# what Django's escape() calls, without its checks for lazy and safe strings.


def summary(project):
    text = project.summary
    if not text:
        return ""
    # What truncatechars does, without its character walk when the text is short already.
    if len(text) > SUMMARY_CHARACTERS or not unicodedata.is_normalized("NFC", text):
        text = Truncator(text).chars(SUMMARY_CHARACTERS)
    lang = fallback_lang(project, "summary")
    return f'<p class="card-summary"{lang}>{escape(text)}</p>'


def stage_label(stage):
    """get_stage_display(), without building the choices' dictionary per call."""
    return str(STAGE_LABELS.get(stage, stage))


def fact(term, value):
    return f"<div><dt>{conditional_escape(term)}</dt><dd>{conditional_escape(value)}</dd></div>"


def where(project):
    if project.place is None:
        return gettext("未公布")
    return mark_safe(escape(project.place))


def industries(project):
    names = [escape(name) for name in project.industry_names]
    if not names:
        return ""
    return fact(gettext("产业"), mark_safe(conditional_escape(gettext("、")).join(names)))
