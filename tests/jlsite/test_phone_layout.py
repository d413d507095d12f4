"""Phones and older readers (issue 12), measured in chromium: what fits in the first screen of a
390 × 844 phone, what 长者模式 makes of text and targets, charts and short labels."""

import pytest

from tests.jlsite.conftest import DESKTOP, PHONE

# The data is the module's (tests/jlsite/conftest.py); this only creates the test database.
pytestmark = pytest.mark.django_db

# The text of `selector`'s elements, each with the number of lines it takes: its text's boxes
# whose tops lie more than half a line apart.
LINES = """selector => Array.from(document.querySelectorAll(selector))
  .filter(el => el.getClientRects().length)
  .map(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const half = parseFloat(getComputedStyle(el).fontSize) / 2;
    const tops = Array.from(range.getClientRects()).map(r => r.top).sort((a, b) => a - b);
    const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > half).length;
    return [el.textContent.trim(), lines];
  })"""


def top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_on_a_phone_the_count_and_first_project_are_in_the_first_screen(open_page, javascript):
    page = open_page("/projects/", javascript=javascript)
    assert top(page, ".result-count") < PHONE["height"]
    assert top(page, ".project-card") < PHONE["height"] - 100  # its title and more, not its edge
    fields = page.locator(".filter-form input, .filter-form select")
    assert not fields.first.is_visible()

    page.get_by_text("筛选", exact=True).click()
    assert fields.first.is_visible()
    page.get_by_label("关键词").fill("汽车")
    page.get_by_role("button", name="查询").click()
    assert "q=" in page.url and page.locator(".project-card").count() > 0


def test_on_a_phone_the_article_filters_fold_too(open_page):
    page = open_page("/articles/")
    assert not page.locator(".filter-form select").first.is_visible()
    assert top(page, ".result-count") < PHONE["height"]


def test_a_filter_with_an_error_stays_open_on_a_phone(open_page):
    page = open_page("/projects/?investment_min=abc")
    assert page.locator("#id_investment_min").is_visible()


def test_beside_the_results_the_filters_are_open_without_a_click(open_page):
    page = open_page("/projects/", viewport=DESKTOP)
    assert page.get_by_label("关键词").is_visible()
    assert not page.get_by_text("筛选", exact=True).is_visible()


def test_the_phone_header_takes_a_fifth_of_the_screen_at_most(open_page):
    for large_type, share in ((False, 0.2), (True, 0.25)):
        page = open_page("/", large_type=large_type)
        assert page.locator(".site-header").bounding_box()["height"] <= share * PHONE["height"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page scrolls sideways"


def test_chart_labels_are_12_px_or_more_as_drawn_on_a_phone(open_page):
    page = open_page("/statistics/")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll("svg.bar-chart text")).map(text =>
             parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""
    )
    assert sizes and min(sizes) >= 12


@pytest.mark.parametrize("page_name", ["project_list", "project", "statistics", "event"])
@pytest.mark.parametrize("large_type", [False, True], ids=["normal", "large-type"])
def test_short_labels_keep_to_one_line_on_a_narrow_phone(
    open_page, demo_site, page_name, large_type
):
    path = demo_site.paths[page_name]
    if page_name == "project_list":
        path += "?q=测试项目"  # cards with three industries
    page = open_page(path, viewport={"width": 320, "height": 700}, large_type=large_type)
    labels = page.evaluate(
        LINES,
        ".facts dt, .timeline-kind, .channel-tag, thead th, .site-nav a, .pagination a, "
        ".filter-toggle, button, .large-type-toggle",
    )
    assert labels
    assert [text for text, lines in labels if lines != 1] == []


LARGE_TYPE_TEXT = """() => Array.from(document.querySelectorAll("body *"))
  .filter(el => !el.closest("svg, .visually-hidden") && el.getClientRects().length &&
    Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => { const style = getComputedStyle(el);
    return [el.textContent.trim().slice(0, 20), parseFloat(style.fontSize),
            parseFloat(style.lineHeight) / parseFloat(style.fontSize)]; })"""


@pytest.mark.parametrize("page_name", ["home", "project_list", "project", "article", "policy"])
def test_large_type_sets_all_text_at_18_px_or_more_with_wide_lines(open_page, demo_site, page_name):
    page = open_page(demo_site.paths[page_name], large_type=True)
    text = page.evaluate(LARGE_TYPE_TEXT)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    assert [(words, size) for words, size, _ in text if size < 18] == []
    body = page.evaluate(
        """() => Array.from(document.querySelectorAll("main p, main li, main dd, main td"))
             .filter(el => el.getClientRects().length).map(el => { const s = getComputedStyle(el);
               return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })"""
    )
    assert body and min(body) >= 1.8


def test_large_type_is_switched_on_without_script_and_kept_from_page_to_page(open_page):
    page = open_page("/projects/", javascript=False)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") < 18
    # Each click navigates: wait for the next page before reading it.
    with page.expect_navigation():
        page.get_by_role("link", name="长者模式（大字）").click()
    page.wait_for_url("**/projects/")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件").click()
    page.wait_for_url("**/policies/")
    assert page.evaluate("document.documentElement.classList.contains('large-type')")
    cookie = next(c for c in page.context.cookies() if c["name"] == "large_type")
    assert cookie["expires"] > page.evaluate("Date.now() / 1000") + 300 * 24 * 3600


TARGETS = (
    ".site-nav a, .breadcrumbs a, .pagination a, .pagination span, .filter-toggle, "
    ".filter-form input, .filter-form select, .filter-form button, .filter-actions a, "
    ".active-filters a, .large-type-toggle, .site-search input, .site-search button, .tabs a"
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_large_type_targets_are_44_px_or_more(open_page, viewport):
    page = open_page("/projects/?region=changchun&page=1", viewport=viewport, large_type=True)
    if viewport is PHONE:
        page.locator(".filter-toggle").click()
    boxes = page.evaluate(
        """selector => Array.from(document.querySelectorAll(selector))
             .filter(el => el.getClientRects().length)
             .map(el => { const r = el.getBoundingClientRect();
               return [el.textContent.trim() || el.name, r.width, r.height]; })""",
        TARGETS,
    )
    assert len(boxes) > 15
    assert [box for box in boxes if box[1] < 44 or box[2] < 44] == []


NAV_EDGES = """() => { const ul = document.querySelector(".site-nav ul");
  return [ul.scrollWidth - ul.clientWidth, ul.getBoundingClientRect().toJSON()]; }"""


def edge_brightness(page, box, cue=True):
    """The mean brightness of the navigation bar's leftmost and rightmost 4 px, as drawn."""
    from io import BytesIO

    from PIL import Image, ImageStat

    page.evaluate(f"""() => {{ document.querySelector(".site-nav ul").style.backgroundImage =
        {'""' if cue else '"none"'}; }}""")
    clip = {key: box[key] for key in ("x", "y", "width", "height")}
    image = Image.open(BytesIO(page.screenshot(clip=clip))).convert("L")
    width, height = image.size
    strips = [image.crop((0, 0, 4, height)), image.crop((width - 4, 0, width, height))]
    return [ImageStat.Stat(strip).mean[0] for strip in strips]


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_phone_navigation_shows_that_more_items_follow(open_page, path):
    page = open_page(path)
    overflow, box = page.evaluate(NAV_EDGES)
    assert overflow > 0, "the navigation fits: nothing to hint at"
    # At the start: a dark edge on the right (more follows), none on the left.
    left, right = edge_brightness(page, box)
    plain_left, plain_right = edge_brightness(page, box, cue=False)
    assert right < plain_right - 15
    assert abs(left - plain_left) < 3
    # Scrolled to the end: the cue moves to the left edge (items went by), none on the right.
    page.evaluate("() => { const ul = document.querySelector('.site-nav ul'); "
                  "ul.scrollLeft = ul.scrollWidth; }")  # fmt: skip
    left, right = edge_brightness(page, box)
    plain_left, plain_right = edge_brightness(page, box, cue=False)
    assert left < plain_left - 15
    assert abs(right - plain_right) < 3
