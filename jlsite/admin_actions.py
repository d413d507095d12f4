"""Admin pieces shared by every publishable model: publish/withdraw actions, status filtering."""

from django.contrib import admin, messages
from django.utils import timezone

from .publishing import PublicationStatus, publication_changed, stamp_publication


@admin.action(description="发布所选内容", permissions=["change"])
def publish(modeladmin, request, queryset):
    now = timezone.now()
    drafts = list(queryset.exclude(status=PublicationStatus.PUBLISHED))
    for draft in drafts:
        draft.status = PublicationStatus.PUBLISHED
        draft.updated_at = now
        stamp_publication(draft, now)
    queryset.model._default_manager.bulk_update(drafts, ["status", "published_at", "updated_at"])
    # bulk_update sends no post_save
    publication_changed.send(sender=queryset.model, pks=[d.pk for d in drafts])
    modeladmin.message_user(request, f"已发布 {len(drafts)} 条。", messages.SUCCESS)


@admin.action(description="撤回为草稿", permissions=["change"])
def withdraw(modeladmin, request, queryset):
    published = queryset.filter(status=PublicationStatus.PUBLISHED)
    pks = list(published.values_list("pk", flat=True))
    count = published.update(status=PublicationStatus.DRAFT)
    publication_changed.send(sender=queryset.model, pks=pks)
    modeladmin.message_user(request, f"已撤回 {count} 条。", messages.SUCCESS)


class PublishableAdmin(admin.ModelAdmin):
    actions = [publish, withdraw]
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "published_at"
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A published page's address is public: renaming must not break links to it.
        published = obj is not None and obj.status == PublicationStatus.PUBLISHED
        if published and hasattr(obj, "slug") and "slug" not in fields:
            fields.append("slug")
        return fields
