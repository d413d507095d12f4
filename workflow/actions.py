"""Admin actions of reviewed models. Publishing, returning and withdrawing need the model's
publish permission (`has_publish_permission`), checked by the admin before an action runs:
an action the user may not take is neither offered nor carried out when posted."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from jlsite.publishing import PublicationStatus

from . import history
from .approval import REFUSED, may_approve
from .steps import move

REASON_MISSING = "请填写理由后再确认。"


@admin.action(description="提交审核", permissions=["change"])
def submit(modeladmin, request, queryset):
    writable = queryset.filter(status__in=[PublicationStatus.DRAFT, PublicationStatus.RETURNED])
    moved = _move(request, writable, PublicationStatus.PENDING, "提交审核")
    skipped = queryset.count() - len(moved)
    note = f"（{skipped} 条不是草稿或已退回，未改动）" if skipped else ""
    modeladmin.message_user(request, f"已提交审核 {len(moved)} 条{note}。", messages.SUCCESS)


@admin.action(description="发布所选内容", permissions=["publish"])
def publish(modeladmin, request, queryset):
    waiting = queryset.exclude(status=PublicationStatus.PUBLISHED)
    own = [obj.pk for obj in waiting if not may_approve(request.user, obj)]
    moved = _move(request, waiting.exclude(pk__in=own), PublicationStatus.PUBLISHED, "发布")
    modeladmin.message_user(request, f"已发布 {len(moved)} 条。", messages.SUCCESS)
    if own:
        modeladmin.message_user(request, f"{len(own)} 条未发布：{REFUSED}", messages.ERROR)


@admin.action(description="退回所选内容（需填写理由）", permissions=["publish"])
def send_back(modeladmin, request, queryset):
    pending = queryset.filter(status=PublicationStatus.PENDING)
    return _with_reason(
        modeladmin, request, queryset, "退回", "作者会在被退回的内容上看到这条理由。",
        lambda reason: _move(request, pending, PublicationStatus.RETURNED, "退回", reason),
    )  # fmt: skip


@admin.action(description="撤回所选内容（需填写理由）", permissions=["publish"])
def withdraw(modeladmin, request, queryset):
    published = queryset.filter(status=PublicationStatus.PUBLISHED)
    return _with_reason(
        modeladmin, request, queryset, "撤回", "撤回后内容变为草稿，不再公开；理由存档备查。",
        lambda reason: _move(request, published, PublicationStatus.DRAFT, "撤回", reason),
    )  # fmt: skip


def _move(request, queryset, status, verb, reason=""):
    with history.revision(request.user, history.step_comment(verb, reason)):
        moved = move(queryset, status, request.user, reason, request)
        history.add(moved)
    return moved


def _with_reason(modeladmin, request, queryset, verb, explanation, apply):
    """Ask for the reason on a page of its own, then `apply(reason)`."""
    reason = request.POST.get("reason", "").strip()
    if reason and request.POST.get("post"):
        moved = apply(reason)
        modeladmin.message_user(request, f"已{verb} {len(moved)} 条。", messages.SUCCESS)
        return None
    if request.POST.get("post"):
        modeladmin.message_user(request, REASON_MISSING, messages.ERROR)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"{verb}所选内容",
        "verb": verb,
        "explanation": explanation,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "reason": reason,
    }
    return TemplateResponse(request, "workflow/reason.html", context)
