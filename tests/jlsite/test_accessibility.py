"""axe-core finds nothing to report on any public page (tests.public_pages.PAGES), on a phone and
on a desktop, and in 长者模式 also nothing below 7:1 contrast (its enhanced-contrast rule).

axe runs inside the page as the page's CSP allows (evaluated by the browser's debugging
protocol, not added as a script); it lives in tests/vendor/axe-core/ (`make vendor-axe`).
"""

from pathlib import Path

import pytest

from tests.jlsite.conftest import DESKTOP, PHONE
from tests.public_pages import PAGES

pytestmark = pytest.mark.django_db

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
# Details of what passes are not needed: asking only for violations makes axe faster.
ONLY_VIOLATIONS = {"resultTypes": ["violations"]}
ENHANCED_CONTRAST = {**ONLY_VIOLATIONS, "rules": {"color-contrast-enhanced": {"enabled": True}}}


@pytest.fixture(scope="module")
def tabs(browser, demo_site):
    """One tab for each size of screen, reused from page to page."""
    opened = {}

    def tab(viewport):
        key = (viewport["width"], viewport["height"])
        if key not in opened:
            opened[key] = browser.new_context(viewport=viewport).new_page()
        return opened[key]

    yield tab
    for page in opened.values():
        page.context.close()


def violations(page, options=None):
    """axe's violations on the page, each as (rule, [selectors of the offending elements])."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("o => axe.run(document, o)", options or ONLY_VIOLATIONS)["violations"]
    return [
        (rule["id"], rule["help"], [node["target"] for node in rule["nodes"]][:5]) for rule in found
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing(tabs, demo_site, name, viewport):
    path = demo_site.paths[name]
    if path is None:
        pytest.skip(f"the demo data has no {name} page")
    page = tabs(viewport)
    page.goto(demo_site.url + path)
    assert violations(page) == []


@pytest.mark.parametrize("name", ["home", "project_list_filtered", "project", "statistics"])
def test_large_type_text_has_7_to_1_contrast(open_page, demo_site, name):
    page = open_page(demo_site.paths[name], large_type=True)
    assert violations(page, ENHANCED_CONTRAST) == []
