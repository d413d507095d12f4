from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from jlsite.admin_columns import amount_column
from languages.admin import EnglishBesideChineseMixin
from richtext.admin import RichTextAdminMixin
from spreadsheets.admin import SpreadsheetAdminMixin
from workflow import timeliness
from workflow.admin import HeldInHistoryAdmin, ReviewedAdmin

from .models import Company, Event, Industry, Milestone, Project, Region, Signing, Statistic
from .resources import (
    CompanyResource,
    EventResource,
    ProjectResource,
    SigningResource,
    StatisticResource,
)

MISMATCH = format_html('<strong class="mismatch">{}</strong>', "⚠ 不一致")


@admin.register(Region)
class RegionAdmin(EnglishBesideChineseMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "slug", "order")
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "short_name", "code", "slug")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    ordering = ("order", "code")


@admin.register(Industry)
class IndustryAdmin(EnglishBesideChineseMixin, admin.ModelAdmin):
    list_display = ("name", "tier", "parent", "order", "project_count")
    list_filter = ("tier",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    ordering = ("order", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_total=Count("projects"))

    @admin.display(description="项目数", ordering="project_total")
    def project_count(self, obj):
        return obj.project_total


@admin.register(Company)
class CompanyAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [CompanyResource]
    list_display = ("name", "ownership", "fortune_global_500", "china_500", "country")
    list_filter = ("ownership", "fortune_global_500", "china_500")
    search_fields = ("name", "country")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    autocomplete_fields = ("source_article",)


class ProjectSigningFormSet(BaseInlineFormSet):
    """Django checks a conditional constraint only against saved rows, not across new ones."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not self._should_delete_form(f) and f.cleaned_data]
        if sum(1 for f in kept if f.cleaned_data.get("event") is None) > 1:
            raise ValidationError(
                "每个项目至多一条活动外签约：请删除多余的一行，或为其选择签约活动。"
            )


class ProjectSigningInline(admin.TabularInline):
    model = Signing
    formset = ProjectSigningFormSet
    extra = 0
    autocomplete_fields = ("event",)
    fields = ("event", "contract_investment", "signed_on")


@admin.register(Project)
class ProjectAdmin(
    EnglishBesideChineseMixin, RichTextAdminMixin, SpreadsheetAdminMixin, ReviewedAdmin
):
    resource_classes = [ProjectResource]
    list_display = (
        "name",
        "region",
        amount_column(Project, "total_investment"),
        "stage",
        "first_signed_on",
        "featured",
        "status",
        "published_at",
    )
    list_filter = (
        "status",
        "stage",
        "featured",
        ("region", admin.RelatedOnlyFieldListFilter),
        ("industries", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "code", "summary", "slug")
    autocomplete_fields = ("region", "industries", "investors")
    list_select_related = ("region",)
    inlines = (MilestoneInline, ProjectSigningInline)
    history_follows = ("milestones", "signings")
    readonly_fields = ("created_at", "updated_at", "first_signed_on")
    ordering = ("-published_at", "name")
    fieldsets = (
        (None, {"fields": ("name", "slug", "code", "region", "industries", "investors")}),
        ("投资与进度", {"fields": ("total_investment", "stage", "first_signed_on", "featured")}),
        ("介绍", {"fields": ("summary", "body")}),
        ("发布", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )


@admin.register(Milestone)
class MilestoneAdmin(HeldInHistoryAdmin):
    held_by = ("project",)
    list_display = ("project", "date", "kind", "description")
    list_filter = ("kind",)
    search_fields = ("project__name", "description")
    autocomplete_fields = ("project", "source_article")
    list_select_related = ("project",)
    date_hierarchy = "date"
    ordering = ("-date",)


class EventSigningInline(admin.TabularInline):
    model = Signing
    extra = 0
    autocomplete_fields = ("project",)
    fields = ("project", "contract_investment", "signed_on")


@admin.register(Event)
class EventAdmin(EnglishBesideChineseMixin, SpreadsheetAdminMixin, ReviewedAdmin):
    resource_classes = [EventResource]
    list_display = (
        "name",
        "kind",
        "start_date",
        "region",
        "reported_project_count",
        "recorded_count_column",
        amount_column(Event, "reported_amount"),
        "figures_status",
        "status",
    )
    list_filter = ("status", "kind", "online", ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "summary", "city")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    inlines = (EventSigningInline,)
    readonly_fields = ("created_at", "updated_at", "figures_table")
    ordering = ("-start_date", "-pk")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "region", "city", "online")}),
        ("时间", {"fields": ("start_date", "end_date")}),
        ("简介", {"fields": ("summary",)}),
        (
            "主办方公布的签约数字",
            {
                "fields": (
                    "reported_project_count",
                    "reported_amount",
                    "reported_amount_basis",
                    "reported_large_count",
                    "figures_table",
                ),
                "description": "本站根据下方签约记录统计的数字与公布数字并列显示，不一致处标红。",
            },
        ),
        ("发布", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description="已录入签约数", ordering="recorded_count")
    def recorded_count_column(self, obj):
        return obj.recorded_count

    @admin.display(description="公布与录入")
    def figures_status(self, obj):
        if obj.has_mismatch:
            return MISMATCH
        return "一致"

    @admin.display(description="公布数字与录入数字对照")
    def figures_table(self, obj):
        if obj is None or obj.pk is None:
            return "保存后显示。"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    label,
                    "未公布" if reported is None else reported,
                    recorded,
                    "一致" if matches else MISMATCH,
                )
                for label, reported, recorded, matches in obj.figure_comparison()
            ),
        )
        return format_html(
            "<table><thead><tr><th>项目</th><th>公布</th><th>录入</th><th>核对</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            rows,
        )


@admin.register(Signing)
class SigningAdmin(SpreadsheetAdminMixin, HeldInHistoryAdmin):
    held_by = ("project",)
    resource_classes = [SigningResource]
    list_display = ("project", "event", amount_column(Signing, "contract_investment"), "signed_on")
    list_filter = (("event", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("project__name", "event__name")
    autocomplete_fields = ("event", "project")
    list_select_related = ("project", "event")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "signed_on"
    ordering = ("-signed_on", "pk")


@admin.register(Statistic)
class StatisticAdmin(SpreadsheetAdminMixin, ReviewedAdmin):
    resource_classes = [StatisticResource]
    list_display = (
        "indicator",
        "region_label",
        "period",
        "value",
        "unit",
        "yoy_growth",
        "approximate",
        "status",
    )
    list_filter = ("status", "indicator", "year", ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("indicator", "remark")
    autocomplete_fields = ("region", "source_article")
    list_select_related = ("region",)
    ordering = ("indicator", "-year", "-month_end")

    @admin.display(description="地区", ordering="region__order")
    def region_label(self, obj):
        return obj.region.name if obj.region_id else "全省"

    @admin.display(description="时期", ordering="year")
    def period(self, obj):
        return obj.period_label


timeliness.monitor(timeliness.model_sections(Project, "项目库"))
timeliness.monitor(timeliness.model_sections(Event, "招商活动"))
