from django import template

from ..desk import waiting_for

register = template.Library()


@register.inclusion_tag("workflow/desk.html", takes_context=True)
def review_desk(context):
    return {"lists": waiting_for(context["request"].user)}
