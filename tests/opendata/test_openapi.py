"""The API's schema: an OpenAPI 3 document that lists every endpoint and says what each returns."""

import json

import pytest
from django.urls import resolve

from opendata import urls
from projects.filters import ProjectFilter
from tests.projects.factories import EventFactory, ProjectFactory, StatisticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_it_is_an_openapi_3_document(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["info"]["license"]["name"]
    for path, item in document["paths"].items():
        assert path.startswith("/")
        operation = item["get"]
        assert operation["operationId"] and operation["summary"]
        assert "200" in operation["responses"]
        for parameter in operation.get("parameters", []):
            assert parameter["in"] in ("query", "path") and parameter["schema"]["type"]
    operation_ids = [item["get"]["operationId"] for item in document["paths"].values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_endpoint_is_listed_and_every_listed_path_answers(document):
    api_routes = {f"/{p.pattern}" for p in urls.urlpatterns if str(p.pattern).startswith("api/")}
    api_routes.discard("/api/")  # the page for people
    assert api_routes <= set(document["paths"])
    for path in document["paths"]:
        concrete = path.replace("{dataset}", "projects").replace("{format}", "csv")
        assert resolve(concrete).namespace == "opendata"


def test_references_resolve(document):
    text = json.dumps(document)
    for name in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
        assert name in document["components"]["schemas"]


def test_project_parameters_are_the_project_lists_filters(document):
    names = [p["name"] for p in document["paths"]["/api/projects/"]["get"]["parameters"]]
    assert names == [*ProjectFilter.base_filters, "page", "page_size"]
    ordering = next(
        p for p in document["paths"]["/api/projects/"]["get"]["parameters"]
        if p["name"] == "ordering"
    )  # fmt: skip
    assert "-investment" in ordering["schema"]["enum"]


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("/api/projects/", "Projects"),
        ("/api/events/", "Events"),
        ("/api/statistics/", "Statistics"),
    ],
)
def test_the_documented_fields_are_what_the_api_returns(client, document, path, schema):
    ProjectFactory()
    EventFactory()
    StatisticFactory()
    item = json.loads(client.get(path).content)["results"][0]
    documented = document["components"]["schemas"][schema]
    assert set(item) == set(documented["properties"]) == set(documented["required"])
    page = document["components"]["schemas"][f"{schema}Page"]
    assert set(json.loads(client.get(path).content)) == set(page["properties"])


def test_the_page_for_people_describes_each_endpoint(client, document):
    page = client.get("/api/").text
    for path in ("/api/projects/", "/api/events/", "/api/statistics/"):
        assert f"GET {path}" in page
    for parameter in document["paths"]["/api/projects/"]["get"]["parameters"]:
        assert f"<code>{parameter['name']}</code>" in page
    assert 'href="/api/openapi.json"' in page
