"""Helpers for page tests: the visible text of a page, its meta tags, its links."""

import html
import re


def text(response):
    """The page's visible text, tags stripped and whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


def main_text(response):
    body = response.content.decode()
    match = re.search(r"<main\b.*?</main>", body, flags=re.S)
    assert match, "the page has no <main>"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match[0])))


def meta(response, name):
    """The content of <meta name=…> (or property=…), or None."""
    match = re.search(
        rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', response.content.decode()
    )
    return html.unescape(match[1]) if match else None


def links(response):
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    """Every absolute address the sitemap index's parts list."""
    import xml.etree.ElementTree as ET

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    parts = [el.text for el in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert parts and all(p.startswith("http://testserver/sitemap-") for p in parts)
    locations = set()
    for part in parts:
        answer = client.get(part.removeprefix("http://testserver"))
        assert answer.status_code == 200
        urls = ET.fromstring(answer.content).findall("s:url/s:loc", SITEMAP_NS)
        locations |= {el.text for el in urls}
    return locations
