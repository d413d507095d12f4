"""The public site in a real browser: Debian's chromium driven by Playwright, over pytest-django's
live server with the demo data loaded once per module (a few seconds, not once per test).

Skipped when Playwright or chromium is missing. Never `playwright install`, which downloads a
browser: CI installs Debian's chromium with apt (.ci/run).
"""

from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections
from pytest_django.live_server_helper import LiveServer

from tests.browser import CHROMIUM, FLAGS
from tests.public_pages import resolve_pages

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Enough projects (测试项目N) beside the demo's 17 for a second page, so pagination is on the
# pages too.
EXTRA_PROJECTS = 25


@pytest.fixture(scope="module")
def playwright_chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return sync_api


@contextmanager
def demo_data():
    """The demo data for a module's tests, then the database as it was (flushed, and its rows
    from before put back, as Django's TransactionTestCase does with serialized_rollback)."""
    from projects.models import Industry
    from tests.projects.factories import ProjectFactory

    before = connection.creation.serialize_db_to_string()
    call_command("load_demo", verbosity=0)
    industries = Industry.objects.order_by("pk")[:3]
    for project in ProjectFactory.create_batch(EXTRA_PROJECTS, summary="用于分页的示例项目。"):
        project.industries.set(industries)  # a long 产业 line beside its short label
    try:
        yield
    finally:
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(before)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)


@pytest.fixture(scope="module")
def demo_site(playwright_chromium, django_db_setup, django_db_blocker):
    """A live server (pytest-django's) over the demo data, and the paths of
    tests.public_pages.PAGES in it.

    The tests only talk to the server, so the data is loaded once per module. The server is
    started here rather than taken from the `live_server` fixture, which would make every test
    transactional: the database flushed after each.
    """
    with django_db_blocker.unblock(), demo_data():
        server = LiveServer("localhost")
        try:
            yield SimpleNamespace(url=server.url, paths=resolve_pages())
        finally:
            server.stop()


@pytest.fixture(scope="module")
def browser(playwright_chromium, demo_site):
    """One chromium for the module. Playwright's sync API keeps an event loop in this thread,
    where Django refuses queries unless told that the thread stays synchronous (it does: the
    loop runs only while a Playwright call waits), so each test can still open its transaction.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with playwright_chromium.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            yield chromium
            chromium.close()
            # The tests' transactions, opened while Playwright ran, had connections of their own
            # (Django's are per context): close them, or PostgreSQL cannot drop the test database.
            connections.close_all()


@pytest.fixture
def open_page(browser, demo_site):
    """open_page(path, viewport=PHONE, large_type=False, javascript=True) → a loaded page."""
    contexts = []

    def open_(path, viewport=PHONE, large_type=False, javascript=True, **options):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, **options)
        contexts.append(context)
        if large_type:
            context.add_cookies([{"name": "large_type", "value": "1", "url": demo_site.url}])
        page = context.new_page()
        response = page.goto(demo_site.url + path)
        assert response.status in (200, 404), (path, response.status)
        return page

    yield open_
    for context in contexts:
        context.close()
