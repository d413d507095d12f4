from django.contrib import admin, messages
from django.db import transaction

from .models import Inquiry, InquiryStatus
from .notify import notify_assignee

INQUIRER_FIELDS = ("name", "organisation", "country", "email", "phone", "message", "language")


class OverdueFilter(admin.SimpleListFilter):
    title = "是否超期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已超期"), ("no", "未超期")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=Inquiry.objects.overdue().values("pk"))
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "status", "overdue", "assignee", "subject")
    list_filter = ("status", OverdueFilter, ("assignee", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("assignee", "project", "event")
    search_fields = ("reference", "name", "organisation", "email", "phone")
    date_hierarchy = "created_at"
    fieldsets = [
        ("咨询", {"fields": ("reference", "created_at", "project", "event", "consented_at")}),
        ("咨询人", {"fields": INQUIRER_FIELDS}),
        ("办理", {"fields": ("status", "assignee", "due_on", "notes", "closed_at", "purged_at")}),
    ]
    readonly_fields = (
        "reference", "created_at", "project", "event", "consented_at", *INQUIRER_FIELDS,
        "due_on", "closed_at", "purged_at",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False  # inquiries come from the public form

    @admin.display(description="超期", boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description="答复期限")
    def due_on(self, obj):
        return obj.due_on

    @admin.display(description="咨询对象")
    def subject(self, obj):
        return obj.project or obj.event or "一般咨询"

    def save_model(self, request, obj, form, change):
        assigned = "assignee" in form.changed_data and obj.assignee is not None
        if assigned and obj.status == InquiryStatus.NEW:
            obj.status = InquiryStatus.ASSIGNED
        super().save_model(request, obj, form, change)
        if assigned:
            transaction.on_commit(lambda: self.notify(request, obj))

    def notify(self, request, inquiry):
        if notify_assignee(inquiry, request):
            self.message_user(request, f"已发邮件通知受理人 {inquiry.assignee}。")
        else:
            self.message_user(
                request,
                f"咨询已分派，但通知邮件未能发给 {inquiry.assignee}（没有邮箱地址或发送失败），"
                "请另行告知本人。",
                messages.WARNING,
            )
