"""Stored HTML shown as HTML, cleaned once more on the way out.

The model field cleans on save and bulk insert, but not on bulk update or raw SQL; cleaning
again here (nh3 is fast) means no write path can put a script on a public page.
"""

from django import template
from django.utils.safestring import mark_safe

from richtext.html import sanitize_html

register = template.Library()


@register.filter
def sanitized(html):
    return mark_safe(sanitize_html(html))
