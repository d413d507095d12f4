"""Editor and imported HTML is sanitised before it is stored and again before it is shown.

No scripts, styles or event handlers; images only from the site's own media; `id` only on
h2–h4 as `sec-…` anchors. `clean_with_report` also says what cleaning removed, for the editor.
"""

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.db import models

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
# In-page anchors the editor makes: prefixed, so they cannot take the page's own ids (main…).
ANCHOR_TAGS = {"h2", "h3", "h4"}
ANCHOR_ID = re.compile(r"sec-[a-z0-9-]{1,60}")
ALLOWED_ATTRIBUTES = {
    "*": set(),  # not even nh3's default lang and title: Word puts lang on every span
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    **{tag: {"id"} for tag in ANCHOR_TAGS},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them.
DROPPED_WITH_CONTENT = {
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
    "noscript", "template", "object",
}  # fmt: skip
# An HTML parser reads these as text up to their end tag: left open, they swallow the rest.
RAW_TEXT_TAGS = (
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext",
)  # fmt: skip
# Dropped, their text kept, without telling the editor: they carry nothing an editor would
# miss once their attributes are gone (Word wraps every run of text in <span> and <o:p>).
UNREPORTED_TAGS = {"html", "head", "body", "meta", "link", "span", "o:p"}
_KEPT_OR_UNREPORTED = ALLOWED_TAGS | UNREPORTED_TAGS | {"h1"}  # h1 is kept, as h2

_H1 = re.compile(r"<(/?)h1(?=[\s/>])", re.IGNORECASE)  # the page title is the only h1
_OPENER = re.compile(r"<!--|<({})(?=[\s/>])".format("|".join(RAW_TEXT_TAGS)), re.IGNORECASE)
_TAG_NAME = re.compile(r"[a-z][a-z0-9:-]*")
_MARKUP = re.compile(r"</?[a-zA-Z]")
_IMG = re.compile(r"<img\b[^>]*>")  # nh3 writes `>` inside attribute values as &gt;
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def sanitize_html(html):
    """Clean HTML for storage or display (imports and templates call this)."""
    return _clean(close_raw_text(html or "", Counter()))


def clean_with_report(html):
    """Clean HTML as `sanitize_html` does, noting what was removed or repaired."""
    repaired = Counter()
    html = close_raw_text(html or "", repaired)
    inventory = _Inventory()
    inventory.feed(html)
    inventory.close()
    return Cleaning(_clean(html), inventory.removed, inventory.unwrapped, repaired)


def _clean(html):
    if not html:
        return ""
    cleaned = nh3.clean(
        _H1.sub(r"<\1h2", html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # An image whose source was refused is no image: drop the element, not just its src.
    return _IMG.sub(lambda m: m[0] if ' src="' in m[0] else "", cleaned).strip()


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if is_own_media(value) else None
    if attribute == "id":
        return value if ANCHOR_ID.fullmatch(value) else None
    return value


def is_own_media(url):
    """Whether `url` points into the site's own uploaded media (MEDIA_URL)."""
    media = urlsplit(settings.MEDIA_URL)
    parts = urlsplit(url.strip())
    if (parts.scheme, parts.netloc) != (media.scheme, media.netloc) or "\\" in url:
        return False
    path = unquote(parts.path)
    return path.startswith(media.path) and ".." not in path


def close_raw_text(html, repaired):
    """End each raw-text element or comment where markup resumes, if it does not end before.

    html5 parsers (nh3's among them) read an unclosed <style>, <title>, <textarea>… or <!-- as
    running to the end of the document, and cleaning then drops everything after it; a browser
    that closes such an element at the end (an editor's source view does) puts the rest inside
    it. CSS or a title holds no tags, so the element ends at the first tag after it. A script
    may hold tags in strings: it ends at its end tag, or before the next tag when it has none.
    Counts what it repaired in `repaired`.
    """
    position = 0
    while match := _OPENER.search(html, position):
        tag = (match[1] or "").lower()
        if not tag and re.match(r"-?>", html[match.end() :]):  # <!--> and <!---> are whole
            position = match.end()
            continue
        body = html.find(">", match.end()) + 1 if tag else match.end()
        if not body:
            break  # a tag cut off at the very end: nothing follows it to lose
        end = re.compile(rf"</{tag}[\s/>]" if tag else r"--!?>", re.IGNORECASE).search(html, body)
        markup = _MARKUP.search(html, body)
        if tag == "plaintext":  # it has no end tag at all: drop the opening tag itself
            html = html[: match.start()] + html[body:]
            position = match.start()
        elif end and (tag in {"script", ""} or not markup or end.start() <= markup.start()):
            position = end.end()
            continue
        else:
            cut = markup.start() if markup else len(html)
            html = html[:cut] + (f"</{tag}>" if tag else "-->") + html[cut:]
            position = match.start() + 1
        repaired[f"<{tag}>" if tag else "<!--"] += 1
    return html


class _Inventory(HTMLParser):
    """Counts what cleaning will remove, reading the input as an HTML tokenizer does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removed = Counter()
        self.unwrapped = Counter()

    def handle_starttag(self, tag, attrs):
        if tag in RAW_TEXT_TAGS and tag not in self._parsed_as_text:
            self.set_cdata_mode(tag)
        label = f"<{tag}>" if _TAG_NAME.fullmatch(tag) else "无法识别的标记"
        if tag in DROPPED_WITH_CONTENT:
            self.removed[label] += 1
        elif tag not in _KEPT_OR_UNREPORTED:
            self.unwrapped[label] += 1
        if not attrs:
            return
        attributes = dict(attrs)
        handlers = sorted(name for name in attributes if name.startswith("on"))
        if handlers:
            self.removed[f"事件属性（{'、'.join(handlers)}）"] += 1
        if tag == "a" and _scheme(attributes.get("href") or "") not in URL_SCHEMES | {""}:
            self.removed["不安全的链接地址"] += 1
        src = attributes.get("src") or ""
        if tag == "img" and not (src and is_own_media(src)):
            self.removed[_image_kind(src)] += 1

    @property
    def _parsed_as_text(self):
        return self.CDATA_CONTENT_ELEMENTS + getattr(self, "RCDATA_CONTENT_ELEMENTS", ())


def _scheme(url):
    return urlsplit(re.sub(r"[\x00-\x20]", "", url)).scheme.lower()


def _image_kind(src):
    scheme = _scheme(src)
    if scheme == "data":
        return "内嵌图片"
    if scheme in {"http", "https"} or src.strip().startswith("//"):
        return "外部图片"
    if scheme == "file":
        return "未上传的本机图片"
    return "地址无效的图片"


@dataclass
class Cleaning:
    html: str
    removed: Counter = field(default_factory=Counter)
    unwrapped: Counter = field(default_factory=Counter)
    repaired: Counter = field(default_factory=Counter)

    def summary(self):
        """What cleaning took away, in words for the editor; empty when nothing was lost."""
        parts = []
        if self.removed:
            parts.append("已移除：" + _counted(self.removed) + "。")
        if self.unwrapped:
            parts.append("去掉了不支持的标记（文字保留）：" + _counted(self.unwrapped) + "。")
        if self.repaired:
            closed = _counted(self.repaired)
            parts.append(f"修复了没有正确结束的 {closed}，其后的内容已保留。")
        return "".join(parts)


def _counted(counter):
    return "、".join(
        f"{label} {count} {'张' if label.endswith('图片') else '处'}"
        for label, count in counter.items()
    )


def images_without_alt(html):
    """File names of the images in cleaned `html` that have no alt text."""
    missing = []
    for tag in _IMG.findall(html):
        attributes = {name: unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
        if not attributes.get("alt", "").strip():
            path = urlsplit(attributes.get("src", "")).path
            missing.append(posixpath.basename(path) or "（无地址）")
    return missing


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitised on every save and bulk insert."""

    def pre_save(self, model_instance, add):
        if self.null and getattr(model_instance, self.attname) is None:  # body_en untranslated
            return None
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
