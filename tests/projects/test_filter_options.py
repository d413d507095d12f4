"""The project list's select options are written once per content version (and language),
yet a change to regions, industries, events or signings shows in them at the next request."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jlsite.publishing import PublicationStatus
from projects.models import Region
from tests.projects.factories import EventFactory, IndustryFactory, ProjectFactory, SigningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the options' own memory, not the page cache, is tested


def select(client, name, path="/projects/", **query):
    page = client.get(path, query).content.decode()
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group()


def test_the_second_request_reads_no_option_lists(client):
    client.get("/projects/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/projects/")
    tables = " ".join(q["sql"] for q in captured)
    for table in ('FROM "projects_region"', 'FROM "projects_industry"', 'FROM "projects_event"'):
        assert table not in tables, table
    assert "WITH RECURSIVE" not in tables  # the signing years


def test_a_new_region_shows_at_once(client):
    assert "新设开发区" not in select(client, "region")
    Region.objects.create(
        name="新设开发区", slug="new-zone", parent=Region.objects.get(slug="changchun")
    )
    assert '<option value="new-zone">\u3000\u3000新设开发区</option>' in select(client, "region")


def test_a_new_or_renamed_industry_shows_at_once(client):
    industry = IndustryFactory(name="低空经济", slug="low-altitude")
    assert '<option value="low-altitude">低空经济</option>' in select(client, "industry")
    industry.name = "低空飞行"
    industry.save()
    assert '<option value="low-altitude">低空飞行</option>' in select(client, "industry")


def test_an_event_published_or_withdrawn_shows_at_once(client):
    event = EventFactory(name="冰雪经济推介会", slug="ice", draft=True)
    assert "冰雪经济推介会" not in select(client, "event")
    event.status, event.published_at = PublicationStatus.PUBLISHED, timezone.now()
    event.save()
    assert '<option value="ice">冰雪经济推介会</option>' in select(client, "event")
    event.delete()
    assert "冰雪经济推介会" not in select(client, "event")


def test_a_first_signing_in_a_new_year_shows_at_once(client):
    SigningFactory(project=ProjectFactory(), signed_on=date(2021, 3, 1))
    assert '<option value="2021">2021年</option>' in select(client, "year")
    assert "2019" not in select(client, "year")
    SigningFactory(project=ProjectFactory(), signed_on=date(2019, 5, 1))
    assert '<option value="2019">2019年</option>' in select(client, "year")


def test_the_selected_option_follows_each_request(client):
    assert '<option value="changchun" selected>' in select(client, "region", region="changchun")
    second = select(client, "region", region="nanguan")
    assert '<option value="nanguan" selected>' in second
    assert '<option value="changchun">长春市</option>' in second
    assert " selected" not in select(client, "region", region="atlantis")


def test_each_language_has_its_own_options(client):
    assert '<option value="changchun">长春市</option>' in select(client, "region")
    english = select(client, "region", path="/en/projects/")
    assert '<option value="changchun">Changchun</option>' in english
    assert "长春市" not in english
    assert '<option value="changchun">长春市</option>' in select(client, "region")


def test_a_chosen_region_industry_or_event_is_read_with_the_options(client):
    """The filter finds the chosen row among the rows kept with the options, not by a query
    per request; and one chosen since is found at once."""
    EventFactory(name="冰雪经济推介会", slug="ice")
    IndustryFactory(name="低空经济", slug="low-altitude")
    query = {"region": "changchun", "industry": "low-altitude", "event": "ice"}
    client.get("/projects/", query)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/projects/", query).content.decode()
    tables = " ".join(q["sql"].split(" WHERE ")[0] for q in captured)
    for table in ('FROM "projects_region"', 'FROM "projects_industry"', 'FROM "projects_event"'):
        assert table not in tables, table
    assert "共找到 <strong>0</strong> 个项目" in page
    EventFactory(name="新活动", slug="new-event")
    assert "新活动" in client.get("/projects/", {"event": "new-event"}).content.decode()
    assert "没有这个活动" in client.get("/projects/", {"event": "atlantis"}).content.decode()
