"""QR codes drawn on the server as inline SVG (segno), for “分享本页至手机”."""

import segno
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

register = template.Library()

QR_ERROR = "m"
QR_SVG_OPTIONS = {
    "scale": 4,
    "border": 2,
    "dark": "#000",
    "light": "#fff",  # a light quiet zone even in large-type or dark styles, so phones can scan
    "svgclass": "qr-code",
    "lineclass": None,
    "title": gettext_noop("本页网址的二维码"),  # in the page's language (qr_svg)
}


def qr_svg(data):
    options = {**QR_SVG_OPTIONS, "title": gettext(QR_SVG_OPTIONS["title"])}
    return segno.make_qr(data, error=QR_ERROR).svg_inline(**options)


@register.simple_tag(takes_context=True)
def page_qr(context, path):
    """The QR code of `path` as an absolute URL on this host."""
    url = context["request"].build_absolute_uri(path)
    return mark_safe(qr_svg(url))  # segno escapes the title; the rest is its own markup
