"""The admin base of every publishable model: list size, dates, addresses kept once public.

Publishing itself (the review states, their actions and permission) is the workflow app's.
"""

from django.contrib import admin

from .publishing import PublicationStatus


class PublishableAdmin(admin.ModelAdmin):
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "published_at"
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A published page's address is public: renaming must not break links to it.
        stored = getattr(obj, "stored_status", None)
        published = stored == PublicationStatus.PUBLISHED
        if published and hasattr(obj, "slug") and "slug" not in fields:
            fields.append("slug")
        return fields
