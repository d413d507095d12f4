from django.contrib import admin
from django.db.models import Count, Max
from django.urls import reverse

from jlsite.publishing import public_q
from languages.admin import EnglishBesideChineseMixin
from richtext.admin import RichTextAdminMixin
from spreadsheets.admin import SpreadsheetAdminMixin
from workflow import timeliness
from workflow.admin import HeldInHistoryAdmin, ReviewedAdmin

from .models import Article, Channel, Policy, PolicyMeasure
from .resources import ArticleResource, PolicyMeasureResource, PolicyResource


@admin.register(Channel)
class ChannelAdmin(EnglishBesideChineseMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order", "update_interval", "article_count")
    search_fields = ("name",)
    ordering = ("order", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="文章数", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Article)
class ArticleAdmin(
    EnglishBesideChineseMixin, RichTextAdminMixin, SpreadsheetAdminMixin, ReviewedAdmin
):
    resource_classes = [ArticleResource]
    list_display = ("title", "channel", "source", "editor", "status", "published_at")
    list_filter = ("status", "channel", "source")
    search_fields = ("title", "subtitle", "summary", "original_code", "author", "editor")
    autocomplete_fields = ("channel", "related_projects", "related_events", "related_policies")
    list_select_related = ("channel",)
    ordering = ("-published_at", "-pk")
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "channel")}),
        ("来源", {"fields": ("source", "author", "editor", "original_code")}),
        ("内容", {"fields": ("summary", "body", "keywords", "cover", "cover_alt")}),
        ("关联", {"fields": ("related_projects", "related_events", "related_policies")}),
        ("发布", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )


class PolicyMeasureInline(EnglishBesideChineseMixin, admin.StackedInline):
    model = PolicyMeasure
    extra = 0
    fields = ("number", "title", "text")
    ordering = ("number",)


@admin.register(Policy)
class PolicyAdmin(
    EnglishBesideChineseMixin, RichTextAdminMixin, SpreadsheetAdminMixin, ReviewedAdmin
):
    resource_classes = [PolicyResource]
    list_display = (
        "short_title",
        "kind",
        "issuer",
        "issued_on",
        "validity",
        "completeness",
        "status",
    )
    list_filter = ("status", "kind", "validity")
    search_fields = ("title", "short_title", "document_number", "index_number", "issuer")
    inlines = (PolicyMeasureInline,)
    history_follows = ("measures",)
    readonly_fields = ("created_at", "updated_at", "completeness")
    ordering = ("-issued_on", "-published_at")
    fieldsets = (
        (None, {"fields": ("title", "short_title", "slug", "kind", "validity")}),
        (
            "公开信息",
            {"fields": ("index_number", "issuer", "document_number", "written_on", "issued_on")},
        ),
        ("条款", {"fields": ("declared_measure_count", "completeness")}),
        ("内容", {"fields": ("summary", "body")}),
        ("发布", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_completeness()

    @admin.display(description="条款录入情况", ordering="measures_entered")
    def completeness(self, obj):
        if obj is None or obj.pk is None:
            return "保存后显示。"
        return obj.completeness_label


@admin.register(PolicyMeasure)
class PolicyMeasureAdmin(EnglishBesideChineseMixin, SpreadsheetAdminMixin, HeldInHistoryAdmin):
    held_by = ("policy",)
    resource_classes = [PolicyMeasureResource]
    list_display = ("policy", "number", "title")
    list_filter = (("policy", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "text", "policy__short_title")
    autocomplete_fields = ("policy",)
    list_select_related = ("policy",)
    ordering = ("policy", "number")


@timeliness.monitor
def channel_sections():
    """Each channel is a section of its own, updated when an article in it is published."""
    shown = public_q("articles__")
    latest = Max("articles__published_at", filter=shown)
    articles = reverse("admin:articles_article_changelist")
    for channel in Channel.objects.annotate(latest=latest):
        url = f"{articles}?channel__id__exact={channel.pk}"
        yield timeliness.Section(channel.name, channel.latest, channel.update_interval, url)


timeliness.monitor(timeliness.model_sections(Policy, "政策文件"))
