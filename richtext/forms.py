"""Form fields for the admin's body editor and its image upload."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from richtext.html import clean_with_report, images_without_alt

from .widgets import RichTextarea

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # 8000 × 5000: past that Pillow needs hundreds of MB to work on it
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MISSING_ALT = (
    "图片「%(name)s」没有说明文字（alt）：请在编辑器中双击这张图片，填写“图片说明”"
    "（写明图片内容，读屏软件会朗读它），或删除这张图片，然后再保存。"
)


class RichTextField(forms.CharField):
    """Body HTML, cleaned here so that the admin can tell the editor what cleaning removed."""

    widget = RichTextarea
    cleaning_summary = ""

    def clean(self, value):
        cleaning = clean_with_report(super().clean(value))
        self.cleaning_summary = cleaning.summary()
        missing = images_without_alt(cleaning.html)
        if missing:
            raise ValidationError(
                [ValidationError(MISSING_ALT, "missing_alt", {"name": n}) for n in missing]
            )
        return cleaning.html


class EditorImageField(forms.ImageField):
    default_error_messages = {
        "required": "请选择要上传的图片文件。",
        "invalid_image": "这个文件不是能打开的图片：请上传 JPG、PNG、GIF 或 WebP 格式的图片。",
        "invalid_extension": "请上传 JPG、PNG、GIF 或 WebP 格式的图片。",
    }

    def to_python(self, data):
        if data and data.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                f"图片太大（{filesizeformat(data.size)}）：请压缩到 "
                f"{filesizeformat(IMAGE_MAX_BYTES)} 以内再上传。",
                "too_large",
            )
        return super().to_python(data)


class ImageUploadForm(forms.Form):
    image = EditorImageField()
    alt = forms.CharField(
        max_length=200,
        error_messages={
            "required": "请填写图片说明：写明图片内容（如“项目签约现场”），读屏软件会朗读它。",
            "max_length": "图片说明最多 %(limit_value)d 个字，现有 %(show_value)d 个。",
        },
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.image.format not in IMAGE_EXTENSIONS:
            raise ValidationError(self.fields["image"].error_messages["invalid_image"])
        width, height = image.image.size
        if width * height > IMAGE_MAX_PIXELS:
            raise ValidationError(
                f"图片像素太多（{width}×{height}）："
                "请缩小到 4000 万像素以内（如 8000×5000）再上传。"
            )
        return image

    def save(self):
        """Store the image under MEDIA_ROOT (or whatever default storage is) and return its URL."""
        image = self.cleaned_data["image"]
        extension = IMAGE_EXTENSIONS[image.image.format]
        name = f"editor/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"
        return default_storage.url(default_storage.save(name, image))
