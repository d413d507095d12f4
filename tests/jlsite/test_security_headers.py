"""Content-Security-Policy and the other security headers; no inline code on public pages."""

import json
import re

import pytest
from django.test import RequestFactory

from jlsite.views import server_error
from tests.jlsite.test_settings import STRONG_KEY, manage
from tests.pages import sitemap_locations

PUBLIC_SECTIONS = ["/", "/projects/", "/events/", "/regions/", "/industries/", "/statistics/",
                   "/articles/", "/policies/", "/projects/?q=汽车&ordering=-investment",
                   "/articles/?channel=zhaoshang-dongtai", "/no-such-page/"]  # fmt: skip
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

HEADERS_UNDER_PRODUCTION = """
import json
from django.test import Client
response = Client().get("/robots.txt", secure=True)
print(json.dumps(dict(response.headers)))
"""


def production_headers(**env):
    result = manage(
        "shell",
        "-c",
        HEADERS_UNDER_PRODUCTION,
        env={
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "testserver",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def directives(policy):
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_production_sends_csp_permissions_referrer_and_hsts_headers():
    headers = production_headers()
    csp = directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def public_paths(client):
    listed = [re.sub(r"^https?://[^/]+", "", loc) for loc in sitemap_locations(client)]
    return sorted(set(PUBLIC_SECTIONS + listed))


def inline_code(html):
    """Inline scripts, event-handler attributes and style attributes or elements in a page."""
    found = [m[0] for m in re.finditer(r"<script\b(?![^>]*\bsrc=)[^>]*>", html)]
    found += re.findall(r"<[^>]*\son[a-z]+\s*=[^>]*>", html)
    found += re.findall(r"<[^>]*\sstyle\s*=[^>]*>", html)
    found += re.findall(r"<style\b[^>]*>", html)
    found += re.findall(r"javascript:", html, flags=re.I)
    return found


@pytest.mark.django_db
def test_no_public_page_has_inline_script_handler_or_style(client, demo):
    paths = public_paths(client)
    assert len(paths) > 40  # every section, every listed project, event, policy, region…
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert "Content-Security-Policy" in response.headers, path
        assert not inline_code(response.content.decode()), path


def test_the_server_error_page_has_no_inline_code():
    response = server_error(RequestFactory().get("/"))
    assert not inline_code(response.content.decode())


@pytest.mark.parametrize(
    "html",
    ['<script>alert(1)</script>', '<a href="#" onclick="go()">', '<p style="color:red">',
     "<style>p{}</style>", '<a href="javascript:go()">'],
)  # fmt: skip
def test_the_inline_code_check_finds_what_it_looks_for(html):
    assert inline_code(html)
    assert not inline_code('<script src="/static/js/site.js" defer></script><p class="x">')
