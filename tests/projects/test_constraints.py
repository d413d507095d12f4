from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Event, Project, Region, Signing, Statistic
from tests.projects.factories import (
    EventFactory,
    ProjectFactory,
    SigningFactory,
    StatisticFactory,
)

pytestmark = pytest.mark.django_db


def test_negative_total_investment_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(total_investment=Decimal("-1"))
    assert not Project.objects.exists()


def test_negative_total_investment_fails_form_validation_with_a_chinese_message():
    project = ProjectFactory.build(total_investment=Decimal("-0.01"))
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "total_investment" in excinfo.value.message_dict


def test_negative_contract_investment_is_rejected():
    signing = SigningFactory()
    signing.contract_investment = Decimal("-5")
    with pytest.raises(IntegrityError), transaction.atomic():
        signing.save()
    signing.refresh_from_db()
    assert signing.contract_investment == Decimal("5")


def test_negative_reported_amount_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(reported_amount=Decimal("-88.64"))
    assert not Event.objects.exists()


def test_unknown_investment_is_allowed_and_stays_unknown():
    project = ProjectFactory(total_investment=None)
    project.refresh_from_db()
    assert project.total_investment is None


def test_amounts_are_stored_exactly_as_decimals():
    project = ProjectFactory(total_investment=Decimal("0.8864"))
    project.refresh_from_db()
    assert project.total_investment == Decimal("0.8864")


def test_project_code_is_unique_only_when_present():
    ProjectFactory(code="")
    ProjectFactory(code="")
    ProjectFactory(code="JL-2022-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(code="JL-2022-001")
    assert Project.objects.filter(code="JL-2022-001").count() == 1


def test_a_project_signs_once_per_event():
    signing = SigningFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signing.objects.create(event=signing.event, project=signing.project)


def test_event_cannot_end_before_it_starts():
    from datetime import date

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=date(2022, 7, 2), end_date=date(2022, 7, 1))


def test_statistic_month_range_must_run_forwards():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticFactory(month_start=8, month_end=7)


def test_one_provincial_figure_per_indicator_and_period():
    StatisticFactory(year=2022, month_start=1, month_end=7, region=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticFactory(year=2022, month_start=1, month_end=7, region=None)
    # The same period for a city is a different figure.
    StatisticFactory(year=2022, month_start=1, month_end=7, region=Region.objects.get(slug="jilin"))
    assert Statistic.objects.count() == 2


def test_region_code_is_unique_when_present():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="220100", name="重复的长春", slug="dup", kind="prefecture_city")
