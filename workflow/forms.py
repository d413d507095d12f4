"""The review part of a reviewed model's admin form: which states its user may choose, and the
reason a return or a withdrawal must give."""

from django import forms

from jlsite.publishing import PublicationStatus

# What someone who may not publish chooses between: keep writing, or submit.
AUTHOR_STATES = (PublicationStatus.DRAFT, PublicationStatus.PENDING)
WITHOUT_REASON = "{}时请填写理由：{}"


class ReviewForm(forms.ModelForm):
    """`publisher` (set by the admin per request): whether the user may publish this model."""

    publisher = False
    review_reason = forms.CharField(
        label="审核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="退回时必填，作者会看到；撤回已发布的内容时必填，存档备查。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_status = getattr(self.instance, "stored_status", None)
        field = self.fields.get("status")
        if field is None or self.publisher:
            return
        field.choices = [(v, label) for v, label in field.choices if v in AUTHOR_STATES]
        field.help_text = "写好后选择“待审核”提交，由审核人员发布；修改已发布的内容需重新审核。"
        if self.old_status not in AUTHOR_STATES:
            self.initial["status"] = PublicationStatus.PENDING

    def clean(self):
        data = super().clean()
        status, reason = data.get("status"), (data.get("review_reason") or "").strip()
        if status == PublicationStatus.RETURNED and self.old_status != status and not reason:
            self.add_error("review_reason", WITHOUT_REASON.format("退回", "作者会看到退回理由。"))
        withdrawing = self.old_status == PublicationStatus.PUBLISHED and status in (
            PublicationStatus.DRAFT,
            PublicationStatus.RETURNED,
        )
        if withdrawing and self.publisher and not reason:
            self.add_error("review_reason", WITHOUT_REASON.format("撤回", "理由会存档备查。"))
        data["review_reason"] = reason
        return data
