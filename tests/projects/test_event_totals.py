from decimal import Decimal

import pytest

from projects.models import Event
from tests.projects.factories import EventFactory, ProjectFactory, SigningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_with_signings():
    event = EventFactory(
        reported_project_count=3,
        reported_amount=Decimal("30.50"),
        reported_amount_basis="contract",
        reported_large_count=1,
    )
    for amount in ("10", "12.25", "8.25"):
        SigningFactory(event=event, contract_investment=Decimal(amount))
    SigningFactory(contract_investment=Decimal("99"))  # another event's signing
    return event


def test_recorded_totals_come_from_the_events_signings(event_with_signings):
    event = Event.objects.with_totals().get(pk=event_with_signings.pk)
    assert event.recorded_count == 3
    assert event.recorded_amount == Decimal("30.5")
    assert event.recorded_large_count == 2  # 10 and 12.25 are ≥ 10亿元


def test_recorded_totals_are_computed_in_one_query(event_with_signings, django_assert_num_queries):
    EventFactory.create_batch(3)
    with django_assert_num_queries(1):
        events = list(Event.objects.with_totals())
        figures = [e.figure_comparison() for e in events]
    assert len(figures) == 5  # the fixture's event, the other signing's event and these 3


def test_matching_reported_figures_are_not_flagged(event_with_signings):
    event = Event.objects.with_totals().get(pk=event_with_signings.pk)
    event.reported_large_count = 2
    assert not event.has_mismatch


def test_a_reported_figure_that_differs_is_flagged(event_with_signings):
    event = Event.objects.with_totals().get(pk=event_with_signings.pk)
    rows = {
        label: (reported, recorded, ok)
        for label, reported, recorded, ok in event.figure_comparison()
    }
    assert rows["10亿元及以上项目数"] == (1, 2, False)
    assert rows["签约项目数"] == (3, 3, True)
    assert event.has_mismatch


def test_unreported_figures_are_not_flagged():
    event = EventFactory(reported_project_count=None, reported_amount=None)
    SigningFactory(event=event)
    assert not Event.objects.with_totals().get(pk=event.pk).has_mismatch


def test_total_investment_basis_sums_the_signed_projects_totals():
    event = EventFactory(reported_amount=Decimal("663.02"), reported_amount_basis="total")
    SigningFactory(
        event=event,
        project=ProjectFactory(total_investment=Decimal("600")),
        contract_investment=Decimal("1"),
    )
    SigningFactory(
        event=event,
        project=ProjectFactory(total_investment=Decimal("63.02")),
        contract_investment=Decimal("1"),
    )
    event = Event.objects.with_totals().get(pk=event.pk)
    assert event.recorded_amount == Decimal("663.02")
    assert event.recorded_large_count == 2
    assert not event.has_mismatch


def test_public_totals_leave_out_signings_of_draft_projects():
    event = EventFactory()
    SigningFactory(event=event, contract_investment=Decimal("20"))
    SigningFactory(
        event=event, project=ProjectFactory(draft=True), contract_investment=Decimal("30")
    )
    public = Event.objects.with_totals(public=True).get(pk=event.pk)
    assert (public.recorded_count, public.recorded_amount, public.recorded_large_count) == (
        1,
        Decimal("20"),
        1,
    )
    editors = Event.objects.with_totals().get(pk=event.pk)
    assert (editors.recorded_count, editors.recorded_amount) == (2, Decimal("50"))


def test_published_signings_hide_draft_projects_and_draft_events():
    from projects.models import Signing

    visible = SigningFactory()
    SigningFactory(project=ProjectFactory(draft=True))
    SigningFactory(event=EventFactory(draft=True))
    outside_events = SigningFactory(event=None)
    assert set(Signing.objects.published()) == {visible, outside_events}
