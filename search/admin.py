"""Editors keep the synonym table; the query log shows what citizens look for, week by week."""

from datetime import date, timedelta

from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import QueryLog, Synonym

TOP = 20


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("words",)
    search_fields = ("words",)


def week_of(raw):
    """The Monday of the ISO week `raw` (e.g. 2026-W49), or of this week: also for a week
    whose neighbours (linked from the report) are out of the calendar."""
    try:
        year, week = raw.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        if date.min + timedelta(days=7) <= monday <= date.max - timedelta(days=13):
            return monday
    except (AttributeError, ValueError):
        pass
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def top_queries(logs):
    return list(logs.values("query").annotate(times=Count("id")).order_by("-times", "query")[:TOP])


@admin.register(QueryLog)
class QueryLogAdmin(admin.ModelAdmin):
    """Read-only: a weekly report of the most frequent and the unanswered searches."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        monday = week_of(request.GET.get("week"))
        start = timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time()))
        logs = QueryLog.objects.filter(searched_at__gte=start, searched_at__lt=start + timedelta(7))

        def iso(day):
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"

        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "搜索记录（每周）",
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous_week": iso(monday - timedelta(days=7)),
            "next_week": iso(monday + timedelta(days=7)),
            "searches": logs.count(),
            "top": top_queries(logs),
            "top_zero": top_queries(logs.filter(results=0)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/search/querylog/weekly.html", context)
