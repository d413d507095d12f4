"""`ReviewedAdmin`: the admin of a model under review, its history and restore.

A domain app derives its publishable models' admins from it. The status field offers only 草稿
and 待审核 to those who may not publish (a posted 已发布 is refused by the form and, should it
get past, saved as 待审核); publishing, returning and withdrawing are actions that need the
model's publish permission; nobody publishes what they submitted or wrote (workflow.approval:
such a save is kept as 待审核); every save, action, deletion and restore is a revision in the
history (workflow.history_admin).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType

from jlsite.admin_actions import PublishableAdmin
from jlsite.publishing import PublicationStatus, may_publish, status_for

from . import history, registry
from .actions import publish, send_back, submit, withdraw
from .approval import REFUSED, may_approve
from .forms import ReviewForm
from .history_admin import HistoryAdminMixin
from .models import Review, SectionSchedule, Step
from .steps import latest_return, move, note, step_between

PENDING = PublicationStatus.PENDING

# Form fields that move a record through review rather than change what it says.
REVIEW_FIELDS = {"status", "published_at", "review_reason"}


def returned_to(user, model):
    """Keys of `model`'s records whose return was addressed to `user`."""
    return Review.objects.filter(
        content_type=ContentType.objects.get_for_model(model), step=Step.RETURN, author=user
    ).values("object_id")


class ReturnedToMe(admin.SimpleListFilter):
    title = "审核"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("returned_to_me", "退回给我的")]

    def queryset(self, request, queryset):
        if self.value() == "returned_to_me":
            return queryset.filter(
                status=PublicationStatus.RETURNED, pk__in=returned_to(request.user, queryset.model)
            )
        return queryset


class ReviewedAdmin(HistoryAdminMixin, PublishableAdmin):
    form = ReviewForm
    actions = [submit, publish, send_back, withdraw]
    # Accessors of the records kept in this model's history (its inlines' models): each version
    # holds them, and restoring it puts them back.
    history_follows = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        registry.register(model)
        history.register(model, self.history_follows)

    def has_publish_permission(self, request):
        return may_publish(request.user, self.model)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"publisher": self.has_publish_permission(request)})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": (*options["fields"], "review_reason")})
            if "status" in options["fields"] and "review_reason" not in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ReturnedToMe)

    def _create_formsets(self, request, obj, change):
        formsets, inlines = super()._create_formsets(request, obj, change)
        request.review_formsets = formsets  # save_model asks whether the inlines changed
        return formsets, inlines

    def writes(self, request, form):
        """Whether this save changes what the record says (not only its review state)."""
        if set(form.changed_data) - REVIEW_FIELDS:
            return True
        return any(formset.has_changed() for formset in getattr(request, "review_formsets", ()))

    def save_model(self, request, obj, form, change):
        old = form.old_status
        writing = not change or self.writes(request, form)
        obj.status = status_for(request.user, self.model, obj.status)
        publishing = obj.status == PublicationStatus.PUBLISHED and (
            old != PublicationStatus.PUBLISHED or writing
        )
        if publishing and not may_approve(request.user, obj, writing):
            obj.status = PublicationStatus.PENDING
            self.message_user(request, f"{REFUSED}已作为“待审核”提交。", messages.ERROR)
        super().save_model(request, obj, form, change)
        step = step_between(old, obj.status)
        if not writing and step is not None:
            history.comment(history.step_comment(step.label))
        if step is None:
            return
        note(obj, step, request.user, form.cleaned_data.get("review_reason", ""), request)
        if writing:
            history.comment(f"后台{'修改' if change else '新增'}（{step.label}）")
        if old == PublicationStatus.PUBLISHED and obj.status == PublicationStatus.PENDING:
            self.message_user(
                request, "修改已提交审核：审核通过并发布前，公众看不到这条内容。", messages.WARNING
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with history.revision(request.user, "后台修改" if object_id else "后台新增"):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            returned = latest_return(self.get_object(request, unquote(object_id)))
            if returned is not None:
                self.message_user(
                    request,
                    f"此内容被 {returned.actor or '审核人员'} 退回：{returned.reason}"
                    "。请按意见修改后，将发布状态改为“待审核”重新提交。",
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)


class HeldInHistoryAdmin(admin.ModelAdmin):
    """The admin of records kept in another's history (a project's milestones, a policy's
    measures): a save or a deletion here is also a new version of the record holding them."""

    held_by = ()  # the foreign keys to the records whose history holds these

    def holders(self, objects):
        found = (getattr(obj, name) for obj in objects for name in self.held_by)
        return list({holder for holder in found if holder is not None})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        what = f"后台{'修改' if object_id else '新增'}{self.opts.verbose_name}"
        with history.revision(request.user, what):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        holders = self.holders([obj])
        self.resubmit(request, holders)
        history.add(holders)

    def delete_model(self, request, obj):
        holders = self.holders([obj])
        with history.revision(request.user, f"后台删除{self.opts.verbose_name}：{obj}"):
            super().delete_model(request, obj)
            self.resubmit(request, holders)
            history.add(holders)

    def delete_queryset(self, request, queryset):
        holders = self.holders(queryset)
        with history.revision(request.user, f"后台删除{self.opts.verbose_name}"):
            super().delete_queryset(request, queryset)
            self.resubmit(request, holders)
            history.add(holders)

    def resubmit(self, request, holders):
        """A change here changes what the public reads of a published holder (a project's
        timeline, a policy's measures): like an edit of the holder itself, it goes to review
        unless the person may publish it (the publish permission and the two-person rule)."""
        for holder in holders:
            if getattr(holder, "status", None) != PublicationStatus.PUBLISHED:
                continue
            model = type(holder)
            if may_publish(request.user, model) and may_approve(request.user, holder, True):
                continue
            what = f"修改了{self.opts.verbose_name}"
            move(model._default_manager.filter(pk=holder.pk), PENDING, request.user, what, request)
            self.message_user(
                request,
                f"“{holder}”的{self.opts.verbose_name}已修改，整条内容已提交审核："
                "审核通过并发布前，公众看不到它。",
                messages.WARNING,
            )


@admin.register(SectionSchedule)
class SectionScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "update_interval")
    list_editable = ("update_interval",)

    def has_add_permission(self, request):
        return False  # one row per monitored kind of content, made when first checked

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewedKind(admin.SimpleListFilter):
    """The kinds of content under review (not every content type, most of them internal)."""

    title = "内容类型"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(m._meta.label_lower, m._meta.verbose_name) for m in registry.models()]

    def queryset(self, request, queryset):
        if self.value() and "." in self.value():
            app_label, model = self.value().split(".", 1)
            return queryset.filter(content_type__app_label=app_label, content_type__model=model)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The review notes, read-only: written by the steps themselves."""

    list_display = (
        "created_at",
        "step",
        "object_repr",
        "content_type",
        "actor",
        "author",
        "reason",
    )
    list_filter = ("step", ReviewedKind)
    search_fields = ("object_repr", "reason", "actor__username", "author__username")
    list_select_related = ("actor", "author", "content_type")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
