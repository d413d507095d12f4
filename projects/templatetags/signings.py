"""The rows of a signing table (templates/includes/signing_table.html), written in Python.

An event's page lists fifty signings a page; through the template each row resolved some
twenty variables and translated three labels, most of the page's rendering time."""

from django import template
from django.utils.html import format_html
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
    regions = {}
    if show_project and show_region:
        regions = region_names(signing.project.region_id for signing in signings)
    rows = []
    for signing in signings:
        project = event = ""
        if show_project:
            project = project_cell(signing.project, regions)
        if show_event:
            event = event_cell(signing.event)
        rows.append(
            format_html(
                "\n    <tr>\n      {}\n      {}\n      <td>{}</td>\n"
                '      <td class="num">{}</td>\n    </tr>\n    ',
                project,
                event,
                cn_date(signing.signed_on) or unknown,
                amount(signing.contract_investment) or unknown,
            )
        )
    return mark_safe("".join(rows))


def project_cell(project, regions):
    """The project's link, followed by its region's name when `regions` names it."""
    region = ""
    if project.region_id in regions:
        region = format_html(
            '<span class="muted">{}{}{}</span>',
            gettext("（"),
            regions[project.region_id],
            gettext("）"),
        )
    return format_html(
        '<td><a href="{}"{}>{}</a>{}</td>',
        project.get_absolute_url(),
        fallback_lang(project, "name"),
        project.name,
        region,
    )


def event_cell(event):
    if event is None:
        return format_html("<td>{}</td>", gettext("活动外签约"))
    return format_html(
        '<td><a href="{}"{}>{}</a></td>',
        event.get_absolute_url(),
        fallback_lang(event, "name"),
        event.name,
    )
