"""How long cleaning a body takes: on every save, every import row and every page shown.

Times `sanitize_html` (save, import and the `sanitized` template filter) and
`clean_with_report` (the admin form, which also counts what was removed) on the demo article's
body, the Word fragment from the tests and a long body (200 paragraphs, 20 tables, 20 images),
beside plain `nh3.clean` with the same rules (what cleaning cost before the repair of unclosed
elements, the media-only image rule and the report).

    .venv/bin/python bench/html_cleaning.py
"""

import os
import sys
import timeit
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jlsite.settings.test")
django.setup()

import nh3  # noqa: E402

from demo.loader import read_source_article  # noqa: E402
from richtext import html  # noqa: E402


def plain_nh3(body):
    return nh3.clean(
        body,
        tags=html.ALLOWED_TAGS,
        clean_content_tags=html.DROPPED_WITH_CONTENT,
        attributes=html.ALLOWED_ATTRIBUTES,
        url_schemes=html.URL_SCHEMES,
    )


def long_body():
    paragraph = "<p>全省招商引资工作<strong>持续向好</strong>，重点项目加快落地。</p>" * 10
    table = "<table><tbody>" + "<tr><td>项目</td><td>12.5亿元</td></tr>" * 10 + "</tbody></table>"
    image = '<img src="/media/editor/2026/05/abc.png" alt="现场">'
    return (paragraph + table + image) * 20


BODIES = {
    "demo article": "".join(f"<p>{p}</p>" for p in read_source_article()[1]),
    "Word fragment": (REPO / "tests/jlsite/data/word-paste.html").read_text(encoding="utf-8"),
    "long body": long_body(),
}


def per_call(function, body):
    """Microseconds per call, the best of 7 rounds (the machine is shared)."""
    timer = timeit.Timer(lambda: function(body))
    runs, _ = timer.autorange()
    return min(timer.repeat(repeat=7, number=runs)) / runs * 1e6


def main():
    print(f"{'body':<15}{'size':>10}{'nh3 alone':>14}{'sanitize_html':>16}{'with report':>14}")
    for name, body in BODIES.items():
        print(
            f"{name:<15}{len(body.encode()):>8} B"
            f"{per_call(plain_nh3, body):>11.0f} µs"
            f"{per_call(html.sanitize_html, body):>13.0f} µs"
            f"{per_call(html.clean_with_report, body):>11.0f} µs"
        )


if __name__ == "__main__":
    main()
