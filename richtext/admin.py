"""The admin side of the editor: every body field in it, its image upload, the cleaner's report."""

import logging

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from richtext.html import SanitizedHTMLField

from .forms import ImageUploadForm, RichTextField
from .widgets import RichTextarea

logger = logging.getLogger(__name__)


class RichTextAdminMixin:
    """Edit every SanitizedHTMLField in the rich-text editor; staff who may change the content
    upload its images; after saving, the editor is told what the cleaner removed."""

    formfield_overrides = {
        SanitizedHTMLField: {"form_class": RichTextField, "widget": RichTextarea},
    }

    def get_urls(self):
        upload = self.admin_site.admin_view(self.image_upload_view)
        return [path("image-upload/", upload, name=self._upload_url_name()), *super().get_urls()]

    def _upload_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_image_upload"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        url = reverse(f"{self.admin_site.name}:{self._upload_url_name()}")
        if obj is not None and obj.pk is not None:
            url += "?" + urlencode({"object_id": obj.pk})
        for field in form.base_fields.values():
            if isinstance(field, RichTextField):
                field.widget.upload_url = url
        return form

    def image_upload_view(self, request):
        """Store one image for the editor (admin_view: staff only, CSRF-checked); JSON reply."""
        if request.method != "POST":
            return JsonResponse({"error": "请在编辑器中用“插入图片”上传。"}, status=405)
        obj = None
        if "object_id" in request.GET:
            obj = self.get_object(request, unquote(request.GET["object_id"]))
            if obj is None:
                return JsonResponse({"error": "要编辑的内容不存在，可能已被删除。"}, status=404)
        if obj is not None:
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_add_permission(request) or self.has_change_permission(request)
        if not allowed:
            return JsonResponse({"error": "您没有编辑此类内容的权限，不能上传图片。"}, status=403)
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = [message for field in form.errors.values() for message in field]
            return JsonResponse({"error": " ".join(errors)}, status=400)
        url = form.save()
        logger.info("%s uploaded %s for %s", request.user, url, self.opts.label)
        return JsonResponse({"url": url, "alt": form.cleaned_data["alt"]}, status=201)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for field in form.fields.values():
            if getattr(field, "cleaning_summary", ""):
                self.message_user(
                    request,
                    f"「{field.label}」保存时做了清理。{field.cleaning_summary}"
                    "请核对页面内容是否完整；图片请用编辑器的“插入图片”上传到本站。",
                    messages.WARNING,
                )
