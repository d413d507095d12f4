"""The desk's pages and form in English (strings through gettext; inquiries/locale/en)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from inquiries.forms import InquiryForm
from tests.pages import main_text, text
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_form_speaks_english_when_english_is_active():
    with translation.override("en"):
        form = InquiryForm({"name": "", "email": "", "phone": "", "message": "Hi"})
        assert not form.is_valid()
        assert form.fields["name"].label == "Name"
        assert form.fields["country"].label == "Country or region"
        assert form.errors["name"] == ["Please enter your name."]
        assert "e-mail address or a phone number" in form.errors["email"][0]
        assert "Personal Information Notice" in form.errors["consent"][0]
        html = Template("{% load inquiries %}{% inquiry_form %}").render(Context())
    assert "Send inquiry" in html and "Leave this field empty" in html
    assert "提交" not in html and "姓名" not in html


def test_the_contact_and_project_pages_in_english(client):
    project = ProjectFactory(slug="audi")
    english = {}
    page = main_text(client.get("/en/contact/", **english))
    assert "Contact" in page and "Department of Commerce of Jilin Province" in page
    assert "Office hours" in page and "within 5 working days" in page
    page = text(client.get(f"/en/projects/{project.slug}/", **english))
    assert "Ask about this project" in page and "Send inquiry" in page
    page = main_text(client.get("/en/contact/privacy/", **english))
    assert "Personal Information Notice" in page and "365 days" in page
    response = client.post("/en/contact/", {"name": "Anna"}, **english)
    assert "Please enter your question." in text(response)
