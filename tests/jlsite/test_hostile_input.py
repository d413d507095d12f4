"""No public page answers 500, whatever the query string or path holds."""

import pytest

HOSTILE_VALUES = [
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1--",
    "1e999",
    "NaN",
    "99999999999999999999999",
    "９" * 300,
]
LIST_PATHS = [
    "/",
    "/projects/",
    "/projects/export.csv",
    "/projects/export.xlsx",
    "/articles/",
    "/events/",
    "/policies/",
    "/policies/zhi-chi-min-ying-jing-ji-fa-zhan-40-tiao/",
    "/regions/",
    "/regions/changchun/",
    "/industries/",
    "/statistics/",
]
PARAMETERS = [
    "q", "region", "industry", "stage", "investment_min", "investment_max", "event", "year",
    "ordering", "page", "channel", "month", "fs",
]  # fmt: skip
ODD_PATHS = [
    "/projects/%00/",
    "/articles/%00/",
    "/articles/99999999999999999999999/",
    "/articles/%E5%90%89%E6%9E%97/",
    "/policies/zhi-chi-min-ying-jing-ji-fa-zhan-40-tiao/0/",
    "/policies/zhi-chi-min-ying-jing-ji-fa-zhan-40-tiao/99999999999999999999/",
    "/events/%3Cscript%3E/",
]


@pytest.mark.django_db
def test_hostile_query_strings_never_answer_500(client, demo):
    failures = []
    for path in LIST_PATHS:
        for parameter in PARAMETERS:
            for value in HOSTILE_VALUES:
                status = client.get(path, {parameter: value}).status_code
                if status not in (200, 400):
                    failures.append((path, parameter, value[:20], status))
    assert not failures


@pytest.mark.django_db
@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_answer_404(client, demo, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_script_in_the_query_is_shown_escaped(client, demo):
    page = client.get("/projects/", {"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
