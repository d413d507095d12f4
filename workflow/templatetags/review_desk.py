from django import template

from ..desk import overdue_for, waiting_for

register = template.Library()


@register.inclusion_tag("workflow/desk.html", takes_context=True)
def review_desk(context):
    user = context["request"].user
    return {"lists": waiting_for(user), "overdue": overdue_for(user)}
