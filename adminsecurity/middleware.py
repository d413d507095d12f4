"""What the admin's responses carry, and the second factor before any admin page opens."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor

# Admin views open to a staff member who has not yet entered a code.
OPEN_ADMIN_VIEWS = {"login", "logout", "jsi18n"}


class AdminGuardMiddleware:
    """The admin's own CSP and noindex header; superusers and 审核 must pass two-factor.

    Placed after django_otp's OTPMiddleware, which gives `request.user.is_verified()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            response._csp_config = settings.ADMIN_CSP  # read by Django's CSP middleware
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or not user.is_staff or user.is_verified():
            return None
        if not two_factor.required(user):
            return None
        step = "verify" if two_factor.confirmed_device(user) else "setup"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(f'two_factor:{step}')}?{query}")
