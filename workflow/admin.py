"""`ReviewedAdmin`: the admin of a model under review, its history and restore.

A domain app derives its publishable models' admins from it. The status field offers only 草稿
and 待审核 to those who may not publish (a posted 已发布 is refused by the form and, should it
get past, saved as 待审核); publishing, returning and withdrawing are actions that need the
model's publish permission; every save, action and restore is a revision in the history.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from jlsite.admin_actions import PublishableAdmin
from jlsite.publishing import PublicationStatus, may_publish, status_for

from . import diff, history, registry
from .actions import publish, send_back, submit, withdraw
from .forms import ReviewForm
from .models import Review, SectionSchedule, Step
from .steps import latest_return, note, step_between


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


class ReviewedAdmin(PublishableAdmin):
    form = ReviewForm
    actions = [submit, publish, send_back, withdraw]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        registry.register(model)
        history.register(model)

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

    def save_model(self, request, obj, form, change):
        old = form.old_status
        obj.status = status_for(request.user, self.model, obj.status)
        super().save_model(request, obj, form, change)
        step = step_between(old, obj.status)
        if step is None:
            return
        note(obj, step, request.user, form.cleaned_data.get("review_reason", ""), request)
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

    # History

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/<int:version_id>/",
                view(self.version_view),
                name=f"{name}_version",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def _object_and_versions(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("内容不存在，可能已被删除。")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj, list(history.versions(obj))

    def history_view(self, request, object_id, extra_context=None):
        obj, versions = self._object_and_versions(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改历史：{obj}",
            "opts": self.opts,
            "object": obj,
            "versions": versions,
            "version_url": f"admin:{self.opts.app_label}_{self.opts.model_name}_version",
        }
        return TemplateResponse(request, "workflow/history.html", context)

    def version_view(self, request, object_id, version_id):
        obj, versions = self._object_and_versions(request, object_id)
        index = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if index is None:
            raise Http404("没有这个版本。")
        version = versions[index]
        before = versions[index + 1].field_dict if index + 1 < len(versions) else {}
        names = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"{obj} 的版本：{version.revision.date_created:%Y-%m-%d %H:%M}",
            "opts": self.opts,
            "object": obj,
            "version": version,
            "is_first": index + 1 == len(versions),
            "is_current": index == 0,
            "changes": diff.changes(self.model, before, version.field_dict),
            "history_url": reverse(f"{names}_history", args=[obj.pk]),
            "restore_url": reverse(f"{names}_restore", args=[obj.pk, version.pk]),
            "may_restore": self.has_change_permission(request, obj),
            "publisher": self.has_publish_permission(request),
        }
        return TemplateResponse(request, "workflow/version.html", context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], "请在版本页面点击“恢复此版本”。")
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
        if version is None:
            raise Http404("没有这个版本。")
        when = f"{version.revision.date_created:%Y-%m-%d %H:%M}"
        with history.revision(request.user, f"后台恢复到 {when} 的版本"):
            version.revert()
            restored = self.model._base_manager.get(pk=obj.pk)
            if not self.has_publish_permission(request):
                restored.status = PublicationStatus.PENDING
            restored.save()
            note(restored, Step.RESTORE, request.user, f"恢复到 {when} 的版本", request)
        shown = restored.get_status_display()
        self.message_user(request, f"已恢复到 {when} 的版本，当前状态：{shown}。", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
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
