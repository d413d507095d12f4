"""On an English page every piece of Chinese sits inside an element marked lang="zh-Hans": a
screen reader then reads it in Chinese, and a translator sees what is still untranslated."""

import re
from html.parser import HTMLParser

import pytest

from languages.paths import in_language
from tests.public_pages import resolve_pages

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SKIPPED = {"head", "script", "style", "template"}


class ChineseText(HTMLParser):
    """Collects (text, innermost lang, enclosing tags) for each text node with Chinese in it."""

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, lang or None)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if any(tag in SKIPPED for tag, _ in self.stack) or not CHINESE.search(data):
            return
        if self.stack and self.stack[-1][0] == "title":  # an <svg>'s accessible name: one
            return  # string, no markup; the figure's caption beside it marks the Chinese
        lang = next((lang for _, lang in reversed(self.stack) if lang), None)
        self.found.append((data.strip(), lang, "/".join(tag for tag, _ in self.stack[-3:])))


def unmarked_chinese(body):
    parser = ChineseText()
    parser.feed(body)
    return [(text, tags) for text, lang, tags in parser.found if lang != "zh-Hans"]


def english_pages():
    """Every page of tests/public_pages.py, in English."""
    return sorted({in_language(path, "en") for path in resolve_pages().values() if path})


def test_the_walk_finds_unmarked_chinese():
    body = '<p>Hello <span lang="zh-Hans">长春</span></p><p>吉林 <b>x</b></p><br><i>中</i>'
    assert unmarked_chinese(body) == [("吉林", "p"), ("中", "i")]


def test_chinese_on_english_pages_is_marked_as_chinese(client, demo):
    offending = {}
    for path in english_pages():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        found = unmarked_chinese(response.content.decode())
        if found:
            offending[path] = found[:8]
    assert not offending
