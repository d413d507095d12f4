"""Form widgets the admins share."""

from django import forms


class RichTextarea(forms.Textarea):
    """A textarea of HTML that static/js/richtext.js turns into the Jodit editor.

    Without JavaScript it stays a plain textarea. Everything the script needs travels in
    data- attributes, so the page needs no inline script (a strict Content-Security-Policy).
    """

    def __init__(self, attrs=None, upload_url=""):
        super().__init__({"class": "vLargeTextField", "rows": 20, **(attrs or {})})
        self.upload_url = upload_url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-richtext"] = "jodit"
        if self.upload_url:
            attrs["data-upload-url"] = self.upload_url
        return attrs

    class Media:
        css = {"all": ["vendor/jodit/jodit.min.css", "css/richtext.css"]}
        js = ["vendor/jodit/jodit.min.js", "js/richtext.js"]
