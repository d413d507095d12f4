"""The HTML cleaner: its rules, what it tells the editor, and content it must not lose."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from richtext.html import clean_with_report, images_without_alt, sanitize_html
from spreadsheets.widgets import HTMLCell

WORD_PASTE = (Path(__file__).parent / "data" / "word-paste.html").read_text(encoding="utf-8")
THIRTEEN = "".join(f"<p>第{n}段：招商引资项目进展。</p>" for n in range(1, 14))


def test_thirteen_paragraphs_after_an_unclosed_style_survive():
    cleaning = clean_with_report("<p>导语</p><style>p { color: red }" + THIRTEEN)
    assert cleaning.html == "<p>导语</p>" + THIRTEEN
    assert cleaning.summary() == (
        "已移除：<style> 1 处。修复了没有正确结束的 <style> 1 处，其后的内容已保留。"
    )


def test_the_same_paragraphs_survive_every_path_that_cleans():
    html = "<style>p { color: red }" + THIRTEEN
    assert sanitize_html(html) == THIRTEEN
    assert HTMLCell().clean(html) == THIRTEEN
    assert (
        Template("{% load safe_html %}{{ body|sanitized }}").render(Context({"body": html}))
        == THIRTEEN
    )


@pytest.mark.parametrize(
    "opener",
    ["<style>", "<script>", "<title>", "<textarea>", "<xmp>", "<iframe>", "<noembed>",
     "<noframes>", "<noscript>", "<plaintext>", "<STYLE type='text/css'>", "<!--"],
)  # fmt: skip
def test_nothing_after_an_unclosed_raw_text_element_is_lost(opener):
    cleaning = clean_with_report(f"<p>导语</p>{opener}残留{THIRTEEN}")
    assert cleaning.html.startswith("<p>导语</p>")
    assert cleaning.html.endswith(THIRTEEN)  # (a <plaintext> has no end: its text stays too)
    assert "其后的内容已保留" in cleaning.summary()


def test_a_style_the_browser_closed_around_the_rest_gives_it_back():
    # An editor's source view closes an unclosed <style> at the very end, around everything.
    cleaning = clean_with_report("<p>导语</p><style>p{}" + THIRTEEN + "</style>")
    assert cleaning.html == "<p>导语</p>" + THIRTEEN
    assert "修复了没有正确结束的 <style>" in cleaning.summary()


def test_a_closed_style_or_script_is_removed_without_a_repair_note():
    html = '<style><!-- p.MsoNormal {} --></style><script>document.write("<p>x</p>")</script><p>正文</p>'
    cleaning = clean_with_report(html)
    assert cleaning.html == "<p>正文</p>"
    assert cleaning.summary() == "已移除：<style> 1 处、<script> 1 处。"


def test_a_closed_comment_is_dropped_silently():
    cleaning = clean_with_report("<p>a</p><!-- 旧稿 <p>b</p> --><!--><p>c</p>")
    assert cleaning.html == "<p>a</p><p>c</p>"
    assert cleaning.summary() == ""


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ("https://example.com/a.png", "外部图片"),
        ("http://example.com/a.png", "外部图片"),
        ("//example.com/a.png", "外部图片"),
        ("data:image/png;base64,iVBORw0KGgo=", "内嵌图片"),
        ("file:///C:/Users/zhang/clip_image001.png", "未上传的本机图片"),
        ("/static/img/logo.png", "地址无效的图片"),
        ("/media/../admin/", "地址无效的图片"),
        ("/media/%2e%2e/admin/", "地址无效的图片"),
        ("javascript:alert(1)", "地址无效的图片"),
    ],
)
def test_images_from_anywhere_but_our_media_are_removed_and_reported(src, kind):
    cleaning = clean_with_report(f'<p>文</p><img src="{src}" alt="图">')
    assert cleaning.html == "<p>文</p>"
    assert cleaning.summary() == f"已移除：{kind} 1 张。"


def test_images_from_our_media_stay():
    html = '<img src="/media/editor/2026/05/a.png" alt="签约现场" width="600" height="400">'
    cleaning = clean_with_report(html)
    assert cleaning.html == html
    assert cleaning.summary() == ""


def test_with_media_on_another_host_only_that_host_is_ours(settings):
    settings.MEDIA_URL = "https://media.example.gov.cn/jlsite/"
    ours = '<img src="https://media.example.gov.cn/jlsite/editor/a.png" alt="图">'
    assert sanitize_html(ours) == ours
    assert sanitize_html('<img src="/jlsite/editor/a.png" alt="图">') == ""
    assert sanitize_html('<img src="https://evil.example.com/jlsite/a.png" alt="图">') == ""


def test_ids_stay_only_as_heading_anchors():
    html = (
        '<h2 id="sec-bei-jing">背景</h2><h3 id="sec-2">要点</h3><h2 id="main">撞名</h2>'
        '<p id="sec-p">段</p><div id="x"><a href="#sec-bei-jing" id="sec-a">回到背景</a></div>'
    )
    assert sanitize_html(html) == (
        '<h2 id="sec-bei-jing">背景</h2><h3 id="sec-2">要点</h3><h2>撞名</h2>'
        '<p>段</p><div><a href="#sec-bei-jing" rel="noopener noreferrer">回到背景</a></div>'
    )


def test_links_keep_noopener_and_lose_unsafe_addresses():
    cleaning = clean_with_report(
        '<a href="https://www.jl.gov.cn/" target="_blank">省政府</a>'
        '<a href="java\tscript:alert(1)">脚本</a><a href="mailto:zs@jl.gov.cn">邮件</a>'
    )
    assert cleaning.html == (
        '<a href="https://www.jl.gov.cn/" rel="noopener noreferrer">省政府</a>'
        '<a rel="noopener noreferrer">脚本</a>'
        '<a href="mailto:zs@jl.gov.cn" rel="noopener noreferrer">邮件</a>'
    )
    assert cleaning.summary() == "已移除：不安全的链接地址 1 处。"


def test_event_handlers_are_removed_and_named():
    cleaning = clean_with_report('<p onclick="a()" onmouseover="b()">文</p><p onclick="c()">字</p>')
    assert cleaning.html == "<p>文</p><p>字</p>"
    assert cleaning.summary() == (
        "已移除：事件属性（onclick、onmouseover） 1 处、事件属性（onclick） 1 处。"
    )


def test_unknown_tags_lose_their_markup_but_keep_their_text():
    cleaning = clean_with_report('<p><font color="red">红字</font><marquee>滚动</marquee></p>')
    assert cleaning.html == "<p>红字滚动</p>"
    assert cleaning.summary() == "去掉了不支持的标记（文字保留）：<font> 1 处、<marquee> 1 处。"


def test_a_word_fragment_comes_out_clean():
    cleaning = clean_with_report(WORD_PASTE)
    html = cleaning.html
    for residue in ["mso-", "o:p", "class=", "style=", "lang=", "<span", "v:", "<!--", "<font"]:
        assert residue not in html, residue
    assert "<h2>关于支持民营经济发展的若干措施</h2>" in html
    assert "<b>制定以下措施</b>" in html
    assert "降低市场准入门槛。" in html
    assert re.search(r"<table>\s*<tbody><tr>\s*<td>\s*<p>事项</p>", html)
    assert "<p>红字</p>" in html
    summary = cleaning.summary()
    assert "<style> 1 处" in summary
    assert "未上传的本机图片 1 张" in summary
    assert "<o:p>" not in summary  # Word's empty markers are not worth the editor's attention


@pytest.mark.parametrize(
    "html",
    [WORD_PASTE, "<p>导语</p><style>x" + THIRTEEN, '<p><img src="/media/a.png" alt="a>b"></p>'],
    ids=["word", "unclosed-style", "alt-with-bracket"],
)
def test_cleaning_twice_changes_nothing(html):
    once = sanitize_html(html)
    assert sanitize_html(once) == once
    assert clean_with_report(once).summary() == ""


def test_empty_input_stays_empty():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""
    assert clean_with_report(None).summary() == ""


def test_hostile_input_does_not_break_the_cleaner():
    for html in [
        "<p>x</p><style",
        "<!--",
        "<script>if (a<b) {}<p>b</p>",
        "\x00<p>零</p>",
        "<" * 5000,
    ]:
        sanitize_html(html)
        clean_with_report(html).summary()


def test_images_without_alt_are_named_by_file():
    html = (
        '<img src="/media/editor/a.png"><img src="/media/editor/b.png" alt=" ">'
        '<img src="/media/editor/c.png" alt="有说明">'
    )
    assert images_without_alt(html) == ["a.png", "b.png"]
