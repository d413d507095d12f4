"""Setting up and entering the one-time code that superusers and 审核 need for the admin."""

import segno
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

import audit

from . import two_factor
from .forms import CodeForm

WRONG_CODE = "验证码不正确或已过期：请输入身份验证器当前显示的 6 位数字（手机时间需准确）。"
THROTTLED = "验证失败次数过多，请稍等片刻再输入新的验证码。"


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def admin_context(request, **context):
    from django.contrib import admin

    return {**admin.site.each_context(request), "next": next_url(request), **context}


def check_code(device, form):
    """Whether the form's code is the device's current one; a form error when not."""
    if not form.is_valid():
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", WRONG_CODE if allowed else THROTTLED)
    return False


@never_cache
@staff_member_required
def setup(request):
    """Show a new key as a QR code; the first correct code confirms it and signs in with it."""
    if request.user.is_verified() or two_factor.confirmed_device(request.user):
        return redirect(with_next("two_factor:verify", request))
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and check_code(device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        audit.record(audit.Action.TWO_FACTOR_ENABLED, obj=request.user, request=request)
        messages.success(
            request, "两步验证已启用：以后登录管理后台时，请输入身份验证器显示的验证码。"
        )
        return redirect(next_url(request))
    qr = segno.make_qr(device.config_url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        title="两步验证二维码",
    )  # fmt: skip
    context = admin_context(
        request,
        title="启用两步验证",
        form=form,
        qr=mark_safe(qr),  # segno's own markup, its title escaped
        secret=two_factor.grouped_secret(device),
    )
    return render(request, "adminsecurity/two_factor_setup.html", context)


@never_cache
@staff_member_required
def verify(request):
    """Ask for the current code of the user's device before the admin opens."""
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(with_next("two_factor:setup", request))
    if request.user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if check_code(device, form):
            otp_login(request, device)
            return redirect(next_url(request))
        audit.record(audit.Action.TWO_FACTOR_FAILED, obj=request.user, request=request)
    context = admin_context(request, title="两步验证", form=form)
    return render(request, "adminsecurity/two_factor_verify.html", context)
