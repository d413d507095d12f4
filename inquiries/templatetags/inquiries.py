from django import template
from django.urls import reverse

from ..forms import InquiryForm

register = template.Library()


@register.inclusion_tag("inquiries/includes/form.html")
def inquiry_form(project=None, event=None):
    """The inquiry form about a project or event, for pages the page cache keeps: it carries
    no CSRF token and posts to the contact desk's `send` (see inquiries.views)."""
    form = InquiryForm(initial={"project": project, "event": event})
    return {"form": form, "subject": project or event, "action": reverse("inquiries:send")}
