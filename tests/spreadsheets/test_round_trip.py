"""Export → import is a no-op for every resource, in both formats."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Company, Event, Ownership, Project
from spreadsheets.registry import names, resource_class
from tests.articles.factories import ArticleFactory, PolicyFactory, PolicyMeasureFactory
from tests.projects.factories import ProjectFactory, SigningFactory, StatisticFactory, region
from tests.spreadsheet_files import export_rows, import_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(demo):
    """The demo plus a record of each kind using the awkward values."""
    project = ProjectFactory(
        code="=1+2",
        name="+86 热线项目",
        summary="-负号开头\n第二行",
        total_investment=Decimal("0.8864"),
    )
    project.investors.add(Company.objects.create(name="Tesla, Inc.", ownership=Ownership.FOREIGN))
    event = Event.objects.get(name="第七届全球吉商大会")
    SigningFactory(event=event, project=project, contract_investment=Decimal("12.3456"))
    SigningFactory(
        event=None, project=Project.objects.get(name="华润中心"), signed_on=date(2022, 1, 5)
    )
    policy = PolicyFactory(short_title="@测试政策", declared_measure_count=5)
    PolicyMeasureFactory(policy=policy, number=1, title="", text="=不是公式")
    PolicyMeasureFactory(policy=policy, number=5, title="第五条", text="内容")
    StatisticFactory(region=region("meihekou"), year=2021, month_end=6, yoy_growth=Decimal("-3.50"))
    ArticleFactory(
        original_code="",
        title="无编号文章",
        published_at=datetime(2022, 9, 12, 8, 0, 1, 654321, tzinfo=ZoneInfo("Asia/Shanghai")),
        body='<p>正文<a href="https://example.com">链接</a></p>',
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("name", names())
def test_export_then_import_changes_nothing(records, name, kind):
    resource = resource_class(name)()
    model = resource._meta.model
    exported = export_rows(resource, model._default_manager.all(), kind)
    assert exported[0] == [c.header for c in resource.columns]
    assert len(exported) - 1 == model._default_manager.count() > 0
    with CaptureQueriesContext(connection) as queries:
        result = import_rows(resource_class(name)(), exported, kind=kind)
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["未变"] == len(exported) - 1
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
