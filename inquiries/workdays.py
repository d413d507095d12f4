"""Working days (Monday to Friday) for the inquiry desk's reply deadline.

Public holidays and the weekends worked in their place (调休) are not known here: a deadline
falling on one is counted as a working day.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone


def is_working_day(day):
    return day.weekday() < 5


def add_working_days(day, count):
    """The date `count` working days after `day`."""
    while count > 0:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def overdue_before(today, working_days):
    """The start of the first day whose inquiries are not yet overdue on `today`: an inquiry
    received before it has waited more than `working_days` working days."""
    day = today
    while add_working_days(day - timedelta(days=1), working_days) >= today:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))
