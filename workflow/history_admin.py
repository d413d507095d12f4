"""The history pages of a reviewed model's admin: versions with their diff, restore, and the
list of deleted records with their recovery. Restoring and recovering go through review: the
restorer wrote what comes back, so it is 待审核 unless they may publish their own work."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from jlsite.publishing import PublicationStatus, may_publish, may_publish_own

from . import diff, history
from .approval import REFUSED
from .models import Step
from .steps import note

CONFLICT = (
    "无法恢复：这个版本与现有数据冲突（如网址别名、编号已被其他记录使用，或它引用的地区、栏目等"
    "已被删除）。请先修改冲突的记录，再恢复。"
)


def restored_status(user, model, status):
    """The state a restored or recovered record takes: a submission (待审核) unless the
    restorer may publish, and never 已发布 by the restorer's own hand (two-person rule)."""
    if not may_publish(user, model):
        return PublicationStatus.PENDING
    if status == PublicationStatus.PUBLISHED and not may_publish_own(user, model):
        return PublicationStatus.PENDING
    return status


class HistoryAdminMixin(admin.ModelAdmin):
    change_list_template = "admin/workflow/reviewed_change_list.html"

    def url_name(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recoverlist_view), name=f"{name}_recoverlist"),
            path("recover/<int:version_id>/", view(self.recover_view), name=f"{name}_recover"),
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

    def may_recover(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        recover = self.may_recover(request) and reverse(self.url_name("recoverlist"))
        return super().changelist_view(request, {**(extra_context or {}), "recover_url": recover})

    def delete_model(self, request, obj):
        self.keep_before_deleting(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.keep_before_deleting(request, queryset)
        super().delete_queryset(request, queryset)

    def keep_before_deleting(self, request, objects):
        """A last version of what is deleted, so that it can be recovered as it was."""
        with history.revision(request.user, "后台删除"):
            history.add(objects)

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
            "version_url": self.url_name("version"),
        }
        return TemplateResponse(request, "workflow/history.html", context)

    def version_view(self, request, object_id, version_id):
        obj, versions = self._object_and_versions(request, object_id)
        index = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if index is None:
            raise Http404("没有这个版本。")
        version = versions[index]
        before = versions[index + 1].field_dict if index + 1 < len(versions) else {}
        context = {
            **self.admin_site.each_context(request),
            "title": f"{obj} 的版本：{version.revision.date_created:%Y-%m-%d %H:%M}",
            "opts": self.opts,
            "object": obj,
            "version": version,
            "is_first": index + 1 == len(versions),
            "is_current": index == 0,
            "changes": diff.changes(self.model, before, version.field_dict),
            "history_url": reverse(self.url_name("history"), args=[obj.pk]),
            "restore_url": reverse(self.url_name("restore"), args=[obj.pk, version.pk]),
            "may_restore": self.has_change_permission(request, obj),
            "publisher": may_publish_own(request.user, self.model),
            "reviewer": may_publish(request.user, self.model),
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
        restored = self.put_back(request, version, f"恢复到 {when} 的版本")
        if restored is None:
            return HttpResponseRedirect(request.path.removesuffix("restore/"))
        shown = restored.get_status_display()
        self.message_user(request, f"已恢复到 {when} 的版本，当前状态：{shown}。", messages.SUCCESS)
        return HttpResponseRedirect(reverse(self.url_name("change"), args=[obj.pk]))

    def put_back(self, request, version, what):
        """Revert to `version` (with the records it holds) as a new revision under review;
        None, with a message, when the database refuses it."""
        try:
            return self._put_back(request, version, what)
        except IntegrityError:
            self.message_user(request, CONFLICT, messages.ERROR)
            return None

    def _put_back(self, request, version, what):
        with transaction.atomic(), history.revision(request.user, f"后台{what}"):
            history.revert(version)
            restored = self.model._base_manager.get(pk=version.object_id)
            wanted = version.field_dict.get("status")
            restored.status = restored_status(request.user, self.model, wanted)
            refused = wanted == PublicationStatus.PUBLISHED and restored.status != wanted
            if refused and may_publish(request.user, self.model):
                self.message_user(request, REFUSED, messages.WARNING)
            restored.save()
            note(restored, Step.RESTORE, request.user, what, request)
        return restored

    # Deleted records

    def recoverlist_view(self, request):
        if not self.may_recover(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"已删除的{self.opts.verbose_name_plural}",
            "opts": self.opts,
            "deleted": history.deleted(self.model).order_by("-revision__date_created", "-pk"),
            "recover_url": self.url_name("recover"),
        }
        return TemplateResponse(request, "workflow/recover_list.html", context)

    def recover_view(self, request, version_id):
        if not self.may_recover(request):
            raise PermissionDenied
        version = history.deleted(self.model).filter(pk=version_id).first()
        if version is None:
            raise Http404("没有这条已删除的记录，可能已经恢复。")
        if request.method == "POST":
            recovered = self.put_back(request, version, "恢复已删除的记录")
            if recovered is None:
                return HttpResponseRedirect(request.path)
            shown = recovered.get_status_display()
            self.message_user(
                request, f"已恢复“{recovered}”，当前状态：{shown}。", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse(self.url_name("change"), args=[recovered.pk]))
        held = [(related._meta.verbose_name, v) for _, related, v in history.held_versions(version)]
        context = {
            **self.admin_site.each_context(request),
            "title": f"恢复已删除的{self.opts.verbose_name}：{version.object_repr}",
            "opts": self.opts,
            "version": version,
            "fields": diff.changes(self.model, {}, version.field_dict),
            "held": held,
            "recoverlist_url": reverse(self.url_name("recoverlist")),
            "state": PublicationStatus(
                restored_status(request.user, self.model, version.field_dict.get("status"))
            ).label,
        }
        return TemplateResponse(request, "workflow/recover.html", context)
