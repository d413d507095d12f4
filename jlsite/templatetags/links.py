"""Absolute URLs for canonical links, Open Graph tags and the QR code."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)
