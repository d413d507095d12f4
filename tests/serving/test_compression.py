"""Pages, feeds, sitemaps, JSON and CSV travel gzip-compressed to clients that accept it."""

import gzip
import json

import pytest
from django.http import JsonResponse
from django.test import RequestFactory

from serving.compression import TextGZipMiddleware

GZIP = {"accept-encoding": "gzip, deflate, br"}
FNAME = 0x08  # gzip header flag: a file name follows, here Django's random bytes against BREACH


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "吉林"),
        ("/projects/", "项目"),
        ("/articles/feed/", "<rss"),
        ("/sitemap.xml", "<sitemapindex"),
        ("/sitemap-projects.xml", "<urlset"),
        ("/projects/export.csv", "项目名称"),
    ],
)
def test_text_responses_are_compressed(demo, client, path, expected):
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert expected in gzip.decompress(body).decode("utf-8-sig")


def test_compressed_pages_keep_the_breach_mitigation(demo, client):
    first, second = (client.get("/projects/", headers=GZIP).content for _ in range(2))
    assert first[3] & FNAME and second[3] & FNAME
    assert gzip.decompress(first) == gzip.decompress(second)


def test_clients_that_do_not_accept_gzip_get_plain_pages_that_caches_keep_apart(demo, client):
    response = client.get("/projects/")
    assert not response.has_header("Content-Encoding")
    assert "项目" in response.content.decode()
    assert "accept-encoding" in vary(response)


def test_json_is_compressed():
    rows = [{"项目": f"第{n}号项目", "总投资": n} for n in range(100)]
    middleware = TextGZipMiddleware(lambda request: JsonResponse({"rows": rows}))
    response = middleware(RequestFactory().get("/", headers=GZIP))
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["rows"] == rows


def test_spreadsheets_are_not_compressed_twice(demo, client):
    response = client.get("/projects/export.xlsx", headers=GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response.getvalue()[:2] == b"PK"  # the zip archive an .xlsx is
