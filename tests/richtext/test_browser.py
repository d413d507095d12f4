"""The editor in a real browser: Debian's chromium driven by Playwright.

Skipped when either is missing. To run it (CI included): `apt-get install -y chromium` and
`.venv/bin/pip install playwright` — never `playwright install`, which downloads a browser.
"""

import io
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from PIL import Image

from tests.articles.factories import ArticleFactory
from tests.browser import CHROMIUM, FLAGS

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

# Creating the browser and a flush of the database each: a few seconds, not a unit test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("desktop") / "签约现场.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


# The policy the site is moving to for the admin: scripts from our own files only (no inline
# script, no eval). Jodit still sets inline styles, so styles keep 'unsafe-inline'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@contextmanager
def logged_in_admin(live_server, javascript=True):
    """A chromium page logged in as `editor_user` (编辑), its pages served under CSP, and a list of
    what went wrong: requests that left the site, breaches of the policy, script errors.

    The database is for before and after: Playwright runs an event loop in this thread, and
    Django refuses queries while one runs.
    """
    host = urlsplit(live_server.url).netloc
    problems = []

    def with_csp(route):
        request = route.request
        if request.resource_type != "document" or request.method != "GET":
            return route.continue_()
        response = route.fetch()
        return route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": CSP}
        )

    def leaving(request):
        if request.url.startswith(("http:", "https:")) and urlsplit(request.url).netloc != host:
            problems.append(f"request to {request.url}")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(
            viewport={"width": 1400, "height": 1000}, java_script_enabled=javascript
        )
        page.route("**/admin/**", with_csp)
        page.on("request", leaving)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and problems.append(m.text),
        )
        page.goto(live_server.url + reverse("admin:login"))
        # An editor: superusers must pass two-factor sign-in first (adminsecurity).
        page.fill("#id_username", "editor")
        page.fill("#id_password", "pw")
        page.click("input[type=submit]")
        yield page, problems
        browser.close()


def change_url(live_server, article):
    return live_server.url + reverse("admin:articles_article_change", args=[article.pk])


def test_an_editor_writes_a_heading_a_table_and_an_image_and_saves(
    live_server, editor_user, media_root, photo
):
    article = ArticleFactory(body="<p>旧的正文</p>")
    with logged_in_admin(live_server) as (page, problems):
        write_heading_table_and_image(page, change_url(live_server, article), photo)
        assert "成功修改" in page.locator("ul.messagelist").inner_text()
    assert problems == []

    article.refresh_from_db()
    body = article.body
    assert body.startswith("<h2>项目概况</h2><p>总投资120亿元。</p>")
    assert "<table>" in body
    assert "<td>签约时间</td>" in body
    assert "</table><p><img" in body
    assert "style=" not in body
    [stored] = [p for p in media_root.rglob("*.png")]
    url = "/media/" + stored.relative_to(media_root).as_posix()
    assert f'<img src="{url}" alt="签约仪式现场">' in body


def write_heading_table_and_image(page, url, photo):
    page.goto(url)
    page.wait_for_selector(".field-body .jodit-wysiwyg")

    page.locator(".field-body .jodit-wysiwyg").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("项目概况")
    page.locator(
        ".field-body .jodit-toolbar-button_paragraph .jodit-toolbar-button__trigger"
    ).click()
    page.locator(".jodit-popup").get_by_text("二级标题").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("总投资120亿元。")
    page.keyboard.press("Enter")

    page.locator(".field-body .jodit-toolbar-button_table button").first.click()
    page.locator('[aria-label="2 by 2"]').click()
    page.keyboard.type("签约时间")
    page.keyboard.press("Control+End")  # out of the table, into the paragraph after it

    page.locator(".field-body .jodit-toolbar-button_uploadImage button").click()
    dialog = page.locator(".richtext-image-dialog")
    dialog.locator("input[type=file]").set_input_files(photo)
    dialog.locator("input[type=submit]").click()
    assert "请填写图片说明" in dialog.locator("[role=alert]").inner_text()
    assert page.locator(".field-body .jodit-wysiwyg img").count() == 0
    dialog.locator("input[name=alt]").fill("签约仪式现场")
    dialog.locator("input[type=submit]").click()
    page.wait_for_selector(".field-body .jodit-wysiwyg img[alt='签约仪式现场']")

    page.click("input[name=_continue]")
    page.wait_for_selector("ul.messagelist")


def test_without_javascript_the_body_is_a_plain_textarea(live_server, editor_user):
    article = ArticleFactory(body="<p>旧的正文</p>")
    with logged_in_admin(live_server, javascript=False) as (page, _):
        page.goto(change_url(live_server, article))
        assert page.locator(".jodit-container").count() == 0
        page.fill("textarea[name=body]", "<p>手写的 HTML</p><script>alert(1)</script>")
        page.click("input[name=_continue]")
        assert "已移除：<script> 1 处" in page.locator("ul.messagelist").inner_text()
    article.refresh_from_db()
    assert article.body == "<p>手写的 HTML</p>"


PASTE = """(data) => {
  const transfer = new DataTransfer();
  for (const [type, value] of Object.entries(data.strings)) transfer.setData(type, value);
  if (data.png) {
    const bytes = Uint8Array.from(atob(data.png), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], "截图.png", { type: "image/png" }));
  }
  document.querySelector(".field-body .jodit-wysiwyg").dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true })
  );
}"""
WORD_PASTE = (Path(__file__).parent / "data" / "word-paste.html").read_text()
ONE_PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def test_pasting_from_word_leaves_clean_html(live_server, editor_user):
    article = ArticleFactory(body="<p>旧的正文</p>")
    with logged_in_admin(live_server) as (page, problems):
        page.goto(change_url(live_server, article))
        page.locator(".field-body .jodit-wysiwyg").click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.evaluate(PASTE, {"strings": {"text/html": WORD_PASTE, "text/plain": "措施"}})
        page.evaluate(PASTE, {"strings": {}, "png": ONE_PIXEL})  # a screenshot: refused
        notice = page.locator(".field-body .jodit-ui-messages").inner_text()
        page.click("input[name=_continue]")
        warning = page.locator("ul.messagelist .warning", has_text="保存时做了清理").inner_text()
    assert problems == []
    assert "请用工具栏的“插入图片”按钮上传" in notice
    assert "未上传的本机图片 1 张" in warning
    article.refresh_from_db()
    for residue in ["mso-", "o:p", "class=", "style=", "lang=", "<span", "v:", "<!--", "<img"]:
        assert residue not in article.body, residue
    assert "<h2>关于支持民营经济发展的若干措施</h2>" in article.body
    assert "<p>降低市场准入门槛。</p>" in article.body  # Word's own "1." marker is gone
    assert "<td>\n  <p>事项</p>\n  </td>" in article.body
