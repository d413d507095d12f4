"""E-mail to the staff member an inquiry is assigned to. The inquiry is already saved: a
failure to send is logged and reported, never undone."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

logger = logging.getLogger(__name__)


def assignment_message(inquiry, link):
    subject = f"[{settings.SITE_NAME}] 咨询 {inquiry.reference} 已分派给您"
    about = inquiry.project or inquiry.event
    lines = [
        f"{inquiry.assignee.get_full_name() or inquiry.assignee.get_username()}，您好：",
        "",
        f"咨询 {inquiry.reference} 已分派给您受理，请在 {inquiry.due_on:%Y年%m月%d日} 前答复。",
        f"咨询对象：{about}" if about else "咨询对象：一般咨询",
        f"办理页面（需登录管理后台）：{link}",
        "",
        "为保护咨询人的个人信息，本邮件不含其姓名和联系方式，请在管理后台查看。",
    ]
    return subject, "\n".join(lines)


def notify_assignee(inquiry, request=None):
    """Send the assignment e-mail; True when it went out."""
    path = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    link = request.build_absolute_uri(path) if request else path
    if not inquiry.assignee.email:
        logger.warning("Inquiry %s: assignee %s has no e-mail address", inquiry.reference,
                       inquiry.assignee.pk)  # fmt: skip
        return False
    subject, body = assignment_message(inquiry, link)
    try:
        send_mail(subject, body, None, [inquiry.assignee.email])
    except Exception:
        logger.exception("Inquiry %s: the assignment e-mail could not be sent", inquiry.reference)
        return False
    return True
