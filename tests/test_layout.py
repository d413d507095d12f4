"""The tree shows the architecture: imports run one way and no module outgrows its name.

projects/ and articles/ (domain apps) → spreadsheets/ and richtext/ (subsystems that know no
domain model: the spreadsheet engine, the body editor) → jlsite/ (configuration and the small
kernel both apps build on). Only the composition root (jlsite/urls.py), the site-wide views and
the demo loader look up at the apps.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APPS = (
    "jlsite", "spreadsheets", "pagecache", "serving", "audit", "adminsecurity", "richtext",
    "projects", "articles", "opendata", "demo", "search",
    "inquiries", "workflow", "languages", "formmarkup",
)  # fmt: skip
SUBSYSTEMS = ("spreadsheets", "pagecache", "serving", "audit", "adminsecurity", "richtext")
SUBSYSTEMS += ("search", "workflow", "languages", "formmarkup")
DOMAIN = {"projects", "articles"}
DOMAIN |= {"inquiries"}
MAY_LOOK_UP = {"jlsite/urls.py", "jlsite/views.py", "demo/loader.py"}
MODULE_LINE_LIMIT = 450
KERNEL_LINE_LIMIT = 1800


def modules(app):
    return [p for p in (REPO / app).rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def relative(path):
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("app", SUBSYSTEMS)
def test_the_subsystems_know_no_domain_app(app):
    offending = {
        (relative(path), name)
        for path in modules(app)
        for name in imported_modules(path)
        if name.split(".")[0] in DOMAIN
    }
    assert not offending


def test_the_kernel_looks_up_at_the_apps_only_from_the_composition_root():
    offending = {
        (relative(path), name)
        for path in modules("jlsite")
        for name in imported_modules(path)
        if name.split(".")[0] in DOMAIN | set(SUBSYSTEMS) and relative(path) not in MAY_LOOK_UP
    }
    assert not offending


@pytest.mark.parametrize("app", APPS)
def test_no_module_imports_another_apps_views(app):
    offending = {
        (relative(path), name)
        for path in modules(app)
        for name in imported_modules(path)
        if name.endswith(".views") and name.split(".")[0] in APPS and name.split(".")[0] != app
    }
    assert not offending


def test_no_module_outgrows_its_name():
    long = {
        relative(path): lines
        for app in APPS
        for path in modules(app)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINE_LIMIT
    }
    assert not long


def test_the_project_package_stays_a_small_kernel():
    total = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in modules("jlsite"))
    assert total < KERNEL_LINE_LIMIT
