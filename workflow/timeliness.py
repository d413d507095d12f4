"""Sections that must be updated on time, and which of them are overdue.

The national government-website inspection counts a section not updated in two weeks against
the site. A domain app's admin registers its sections with `monitor`: a function yielding
`Section`s (a channel each, or a whole kind of content with `model_sections`). The admin home
lists the overdue ones, and `manage.py overdue_sections` prints them for a daily cron.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

UPDATE_INTERVAL_DAYS = 14

_monitors = []


@dataclass
class Section:
    name: str
    latest: datetime | None  # when something new was last published in it
    interval: int  # days; 0: not monitored
    url: str = ""

    def days_since(self, now):
        return None if self.latest is None else (now - self.latest).days

    def is_overdue(self, now):
        if not self.interval:
            return False
        return self.latest is None or (now - self.latest).days >= self.interval

    def state(self, now):
        if self.latest is None:
            return f"从未发布内容（要求每 {self.interval} 天更新）"
        local = timezone.localtime(self.latest)
        return (
            f"已 {self.days_since(now)} 天未更新（要求每 {self.interval} 天），"
            f"最近更新 {local:%Y-%m-%d}"
        )


def monitor(sections):
    """Register `sections()`, a function yielding Sections; returns it (a decorator)."""
    if sections not in _monitors:
        _monitors.append(sections)
    return sections


def sections():
    return [section for found in _monitors for section in found()]


def overdue_sections(now=None):
    """The overdue sections, longest without an update first."""
    now = now or timezone.now()
    late = [s for s in sections() if s.is_overdue(now)]
    return sorted(late, key=lambda s: s.latest or datetime.min.replace(tzinfo=now.tzinfo))


def model_sections(model, name):
    """A monitor for a kind of content as one section, its interval kept in SectionSchedule."""

    def found():
        from .models import SectionSchedule

        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        schedule, _ = SectionSchedule.objects.get_or_create(
            key=model._meta.label_lower, defaults={"name": name}
        )
        latest = model._default_manager.published().aggregate(latest=Max("published_at"))
        yield Section(name, latest["latest"], schedule.update_interval, url)

    return found
