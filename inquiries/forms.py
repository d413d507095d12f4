import re

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from formmarkup.widgets import use_python_markup
from projects.models import Event, Project

from .models import Inquiry

PHONE = re.compile(r"^\+?[\d\s()\-]{5,30}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")  # what the pages' <slug:…> addresses accept


class SlugChoiceField(forms.ModelChoiceField):
    """A published project or event by its slug; anything that is no slug is not looked up."""

    widget = forms.HiddenInput

    def to_python(self, value):
        if value not in self.empty_values and not SLUG.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().to_python(value)


class InquiryForm(forms.ModelForm):
    project = SlugChoiceField(
        Project.objects.published(),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("所咨询的项目已不在本站公开，请直接在下方填写咨询内容。")
        },
    )
    event = SlugChoiceField(
        Event.objects.published(),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("所咨询的活动已不在本站公开，请直接在下方填写咨询内容。")
        },
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护说明》"),
        error_messages={"required": _("请阅读并勾选同意《个人信息保护说明》后再提交。")},
    )
    # The honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = forms.CharField(label=_("请勿填写此栏"), required=False)

    class Meta:
        model = Inquiry
        fields = [
            "name", "organisation", "country", "email", "phone", "message", "project", "event",
        ]  # fmt: skip
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }
        help_texts = {
            "email": _("电子邮箱和联系电话至少填写一项。"),
            "phone": _("可含国家或地区代码，如 +86 431 0000 0000。"),
        }
        error_messages = {
            "name": {"required": _("请填写您的姓名。")},
            "message": {"required": _("请填写您想咨询的内容。")},
            "email": {"invalid": _("请填写有效的电子邮箱地址，例如 name@example.com。")},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "inquiry-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        use_python_markup(self)  # on every project and event page: Django's templates cost

    @property
    def is_robot(self):
        return bool(self.data.get("website"))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("请填写有效的电话号码：只用数字，可带 +、空格、括号或连字符。")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("email") or cleaned.get("phone")
        if not given and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", _("请至少填写电子邮箱或联系电话中的一项，以便我们答复您。"))
        return cleaned

    def save(self, commit=True):
        self.instance.consented_at = timezone.now()
        self.instance.language = get_language() or ""
        return super().save(commit)
