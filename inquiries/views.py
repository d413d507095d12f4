"""The 联系我们 page, the inquiry form's submissions, the thank-you page and the notice.

Project and event pages are cached for anonymous visitors (pagecache), so their inquiry forms
cannot carry a CSRF token tied to the visitor's cookie. They post to `send`, which accepts a
submission only when the browser says it comes from one of our own pages (Sec-Fetch-Site, or
Origin where that is missing: the check Go's CrossOriginProtection makes). A submission that
cannot show that is not stored but shown again on the contact page, whose own form carries
Django's CSRF token, for the sender to confirm.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.models import Event, Project

from .forms import SLUG, InquiryForm
from .ratelimit import over_limit

THANKS_SALT = "inquiries.thanks"
THANKS_MAX_AGE = 24 * 3600


def contact_details():
    english = (get_language() or "").startswith("en")
    return {
        "office": settings.CONTACT_OFFICE_EN if english else settings.CONTACT_OFFICE,
        "address": settings.CONTACT_ADDRESS_EN if english else settings.CONTACT_ADDRESS,
        "phone": settings.CONTACT_PHONE,
        "email": settings.CONTACT_EMAIL,
        "working_days": settings.INQUIRY_RESPONSE_WORKING_DAYS,
    }


def subject_of(form):
    """The published project or event the form is about, or None."""
    for name, model in (("project", Project), ("event", Event)):
        slug = form[name].value()
        if isinstance(slug, (Project, Event)):
            return slug
        if isinstance(slug, str) and SLUG.match(slug):
            return model.objects.published().filter(slug=slug).first()
    return None


def contact_page(request, form, status=200, notice=None):
    context = {
        "form": form,
        "subject": subject_of(form),
        "contact": contact_details(),
        "notice": notice,
        "notice_is_error": status >= 400 or form.errors,
    }
    return render(request, "inquiries/contact.html", context, status=status)


def from_our_pages(request):
    """The browser's word that this POST comes from a page of this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )


def submit(request):
    """Store the inquiry and send the sender to the thank-you page, or say what is wrong."""
    if over_limit(request):
        notice = _(
            "提交过于频繁：同一网络 %(minutes)s 分钟内最多可提交 %(limit)s 次咨询。"
            "请稍后再试，或直接拨打咨询电话 %(phone)s。"
        ) % {
            "minutes": max(1, settings.INQUIRY_RATE_WINDOW // 60),
            "limit": settings.INQUIRY_RATE_LIMIT,
            "phone": settings.CONTACT_PHONE,
        }
        return contact_page(request, InquiryForm(request.POST), status=429, notice=notice)
    form = InquiryForm(request.POST)
    if form.is_robot:
        notice = _("提交未被接受：请将标有“请勿填写此栏”的输入框留空后再提交。")
        return contact_page(request, InquiryForm(), status=400, notice=notice)
    if not form.is_valid():
        return contact_page(
            request, form, notice=_("提交未成功：请按提示修改标出的内容后重新提交。")
        )
    inquiry = form.save()
    token = signing.dumps(inquiry.reference, salt=THANKS_SALT)
    return redirect(f"{reverse('inquiries:thanks')}?ref={token}")


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    if request.method == "POST":
        return submit(request)
    initial = {key: request.GET[key] for key in ("project", "event") if request.GET.get(key)}
    return contact_page(request, InquiryForm(initial=initial))


@never_cache
@csrf_exempt
@require_POST
def send(request):
    """Submissions from the forms on (cached) project and event pages."""
    if from_our_pages(request):
        return submit(request)
    notice = _("请核对以下内容，确认无误后点击“提交咨询”。")
    # Nothing is checked yet: the form only shows the sender's text again, unbound.
    initial = {
        name: value
        for name, value in request.POST.items()
        if name in InquiryForm.base_fields and name != "website"
    }
    return contact_page(request, InquiryForm(initial=initial), notice=notice)


@never_cache
@require_GET
def thanks(request):
    try:
        reference = signing.loads(
            request.GET.get("ref", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE
        )
    except signing.BadSignature:
        raise Http404 from None
    return render(
        request, "inquiries/thanks.html", {"reference": reference, "contact": contact_details()}
    )


@require_GET
def privacy(request):
    context = {"contact": contact_details(), "retention_days": settings.INQUIRY_RETENTION_DAYS}
    return render(request, "inquiries/privacy.html", context)
