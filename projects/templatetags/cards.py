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
from django.utils.translation import get_language, gettext, pgettext

from jlsite.templatetags.formatting import amount, cn_date
from languages.templatetags.languages import fallback_lang
from projects.models import ProjectStage

register = template.Library()

SUMMARY_CHARACTERS = 90


@register.simple_tag
def project_card(project):
    """The card of a project fetched with `for_cards()` (its place and industries named)."""
    labels = card_labels()
    stage = fact(labels["stage"], labels["stages"].get(project.stage, project.stage))
    signed = project.first_signed_on
    investment = amount(project.total_investment) or labels["unknown"]
    url, lang, name = project.get_absolute_url(), fallback_lang(project, "name"), project.name
    lines = [
        '\n<article class="card project-card">',
        f'  <h3 class="card-title"><a href="{escape(url)}"{lang}>{escape(name)}</a></h3>',
        "  " + summary(project),
        '  <dl class="facts">',
        "    " + fact(labels["region"], where(project, labels)),
        "    " + industries(project, labels),
        "    " + fact(labels["investment"], investment),
        "    " + (stage if project.stage else ""),
        "    " + (fact(labels["signed"], cn_date(signed)) if signed else ""),
        "  </dl>",
        "</article>\n",
    ]
    return mark_safe("\n".join(lines))


# Labels per language, translated once per process: the catalogues only change with a deploy,
# and twenty cards asked gettext for the same eight labels some 160 times a page.
LABELS = {}


def card_labels():
    language = get_language()
    labels = LABELS.get(language)
    if labels is None:
        labels = LABELS[language] = {
            "stage": conditional_escape(gettext("阶段")),
            "signed": conditional_escape(gettext("签约日期")),
            "region": conditional_escape(pgettext("标签", "地区")),
            "industries": conditional_escape(gettext("产业")),
            "investment": conditional_escape(gettext("总投资")),
            "unknown": gettext("未公布"),
            "separator": conditional_escape(gettext("、")),
            "stages": {value: str(label) for value, label in ProjectStage.choices},
        }
    return labels


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


def fact(term, value):
    return f"<div><dt>{conditional_escape(term)}</dt><dd>{conditional_escape(value)}</dd></div>"


def where(project, labels):
    if project.place is None:
        return labels["unknown"]
    return mark_safe(escape(project.place))


def industries(project, labels):
    names = [escape(name) for name in project.industry_names]
    if not names:
        return ""
    return fact(labels["industries"], mark_safe(labels["separator"].join(names)))
