"""The rows of a signing table (templates/includes/signing_table.html), written in Python.

An event's page lists fifty signings a page; through the template each row resolved some
twenty variables and translated three labels, most of the page's rendering time."""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from jlsite.templatetags.formatting import amount, cn_date
from languages.templatetags.languages import fallback_lang
from projects.names import region_names

register = template.Library()


@register.simple_tag
def signing_rows(signings, show_project=False, show_event=False, show_region=False):
    """Each signing's <tr>, laid out as the template's loop wrote it."""
    unknown = gettext("未公布")
    project_cell = project_cells(signings, show_region) if show_project else None
    event_cell = event_cells() if show_event else None
    rows = []
    for signing in signings:
        project = project_cell(signing.project) if project_cell else ""
        event = event_cell(signing.event) if event_cell else ""
        signed = conditional_escape(cn_date(signing.signed_on) or unknown)
        money = conditional_escape(amount(signing.contract_investment) or unknown)
        rows.append(
            f"\n    <tr>\n      {project}\n      {event}\n      <td>{signed}</td>\n"
            f'      <td class="num">{money}</td>\n    </tr>\n    '
        )
    return mark_safe("".join(rows))


# The cells escape names with the standard library's html.escape, which is what Django's
# escape() calls, without the checks for lazy and safe strings that cost a row as much as
# the rest of it: names, slugs and addresses are plain strings.


def project_cells(signings, show_region):
    """What writes a project's cell: its link, then its region's name if `show_region`."""
    regions = {}
    if show_region:
        regions = region_names(signing.project.region_id for signing in signings)
    opening, closing = conditional_escape(gettext("（")), conditional_escape(gettext("）"))

    def cell(project):
        region = ""
        if project.region_id in regions:
            name = escape(regions[project.region_id])
            region = f'<span class="muted">{opening}{name}{closing}</span>'
        url, lang, name = project.get_absolute_url(), fallback_lang(project, "name"), project.name
        return f'<td><a href="{escape(url)}"{lang}>{escape(name)}</a>{region}</td>'

    return cell


def event_cells():
    """What writes an event's cell: its link, or that the signing was outside events."""
    outside = f"<td>{conditional_escape(gettext('活动外签约'))}</td>"

    def cell(event):
        if event is None:
            return outside
        url, lang, name = event.get_absolute_url(), fallback_lang(event, "name"), event.name
        return f'<td><a href="{escape(url)}"{lang}>{escape(name)}</a></td>'

    return cell
