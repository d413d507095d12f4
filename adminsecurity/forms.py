from django import forms


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="6 位验证码",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "请输入身份验证器显示的 6 位数字。",
            "invalid": "验证码是 6 位数字，请照身份验证器当前显示的数字输入。",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()
