"""QR codes drawn on the server as inline SVG (segno), for “分享本页至手机”."""

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

QR_ERROR = "m"
QR_SVG_OPTIONS = {
    "scale": 4,
    "border": 2,
    "dark": "#000",
    "light": "#fff",  # a light quiet zone even in large-type or dark styles, so phones can scan
    "svgclass": "qr-code",
    "lineclass": None,
    "title": "本页网址的二维码",
}


def qr_svg(data):
    return segno.make_qr(data, error=QR_ERROR).svg_inline(**QR_SVG_OPTIONS)


@register.simple_tag(takes_context=True)
def page_qr(context, path):
    """The QR code of `path` as an absolute URL on this host."""
    url = context["request"].build_absolute_uri(path)
    return mark_safe(qr_svg(url))  # segno escapes the title; the rest is its own markup
