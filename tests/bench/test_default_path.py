"""The benchmark's comparison path (django-import-export's own loop) imports what ours does."""

from datetime import date
from decimal import Decimal

import pytest

from bench.default_path import default_path_resource
from projects.models import Project
from tests.projects.factories import IndustryFactory
from tests.projects.test_project_import import HEADERS, row
from tests.spreadsheet_files import import_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def industries(db):
    return [IndustryFactory(name="医药健康"), IndustryFactory(name="装备制造")]


def test_django_import_export_default_path_imports_the_same_file(industries):
    rows = [row("P-1", "甲", "长春", "医药健康", "新企业", "8864万元", "在谈", "2022-06-28", status="已发布")]  # fmt: skip
    result = import_rows(default_path_resource("projects"), [HEADERS, *rows])
    assert not result.has_errors() and not result.has_validation_errors()
    project = Project.objects.get(code="P-1")
    assert project.total_investment == Decimal("0.8864")
    assert project.slug == "jia"
    assert project.published_at is not None
    assert [c.name for c in project.investors.all()] == ["新企业"]
    assert list(project.signings.values_list("event", "signed_on")) == [(None, date(2022, 6, 28))]
    assert project.first_signed_on == date(2022, 6, 28)
