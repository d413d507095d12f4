"""Working days for the overdue flag, and the retention period's purge."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import Inquiry
from inquiries.workdays import add_working_days, overdue_before

from .factories import InquiryFactory

FRIDAY = date(2026, 12, 4)
MONDAY = date(2026, 12, 7)


def test_working_days_skip_weekends():
    assert add_working_days(FRIDAY, 1) == MONDAY
    assert add_working_days(FRIDAY, 5) == date(2026, 12, 11)  # the next Friday
    assert add_working_days(date(2026, 12, 5), 1) == MONDAY  # from a Saturday


@pytest.mark.parametrize(
    ("received", "today", "overdue"),
    [
        (FRIDAY, date(2026, 12, 11), False),  # the fifth working day: still due today
        (FRIDAY, date(2026, 12, 12), True),  # Saturday after it
        (MONDAY, date(2026, 12, 14), False),  # a week later, Monday: due that day
        (MONDAY, date(2026, 12, 15), True),
        (date(2026, 12, 5), date(2026, 12, 11), False),  # sent on a Saturday: due Friday
        (date(2026, 12, 5), date(2026, 12, 14), True),
    ],
)
def test_overdue_after_five_working_days(received, today, overdue):
    cutoff = overdue_before(today, 5)
    assert (timezone.localtime(cutoff).date() > received) is overdue


@pytest.mark.django_db
def test_the_overdue_queryset_counts_working_days(settings):
    settings.INQUIRY_RESPONSE_WORKING_DAYS = 2
    received = timezone.make_aware(timezone.datetime(2026, 12, 4, 16, 0))  # a Friday afternoon
    inquiry = InquiryFactory(created_at=received)
    assert not Inquiry.objects.overdue(today=date(2026, 12, 8)).exists()  # Tuesday: due today
    assert Inquiry.objects.overdue(today=date(2026, 12, 9)).get() == inquiry
    settings.INQUIRY_RESPONSE_WORKING_DAYS = 3
    assert not Inquiry.objects.overdue(today=date(2026, 12, 9)).exists()


@pytest.mark.django_db
def test_purge_blanks_personal_fields_of_inquiries_closed_past_retention(settings, capsys):
    settings.INQUIRY_RETENTION_DAYS = 365
    old, recent, still_open = InquiryFactory(), InquiryFactory(), InquiryFactory()
    for inquiry in (old, recent):
        inquiry.status = "closed"
        inquiry.save()
    Inquiry.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - timezone.timedelta(days=366)
    )
    call_command("purge_inquiries")
    assert "已清除 1 条" in capsys.readouterr().out
    old.refresh_from_db()
    for field in ("name", "organisation", "country", "email", "phone", "message"):
        assert getattr(old, field) == "", field
    assert old.reference.startswith("ZS-") and old.status == "closed" and old.purged_at
    assert old.created_at and old.closed_at
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.name == still_open.name == "李女士"
    call_command("purge_inquiries")
    assert "已清除 0 条" in capsys.readouterr().out


@pytest.mark.django_db
def test_purge_dry_run_changes_nothing(capsys):
    inquiry = InquiryFactory(status="closed")
    Inquiry.objects.filter(pk=inquiry.pk).update(
        closed_at=timezone.now() - timezone.timedelta(days=400)
    )
    call_command("purge_inquiries", "--dry-run")
    assert "将清除 1 条" in capsys.readouterr().out
    inquiry.refresh_from_db()
    assert inquiry.name == "李女士"
