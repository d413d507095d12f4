"""The inquiry desk as a visitor meets it: the contact page, the forms on project and event
pages (cached for anonymous visitors), the reference number, spam resistance."""

import re
from html import unescape

import pytest
from django.test import Client
from django.test.utils import override_settings

from inquiries.models import Inquiry
from tests.jlsite.test_security_headers import inline_code
from tests.pages import main_text, text
from tests.projects.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db

OUR_ORIGIN = {"Origin": "http://testserver"}


def filled(**extra):
    data = {
        "name": "王经理",
        "organisation": "长春某汽车零部件有限公司",
        "country": "德国",
        "email": "wang@example.com",
        "phone": "",
        "message": "请问项目的用地和配套政策？",
        "consent": "on",
        "website": "",
    }
    return {**data, **extra}


def form_fields(html, action):
    """The fields of the form posting to `action` in a page, as a browser would send them."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, flags=re.S)
    assert form, f"no form posts to {action}"
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form[0]):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name[1]] = unescape(value[1]) if value else ""
    return fields


@pytest.fixture
def project():
    return ProjectFactory(name="奥迪一汽新能源汽车项目", slug="audi")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def send_from_contact_page(client, data):
    """As a browser does: open /contact/, then post its form with the CSRF token."""
    page = client.get("/contact/")
    token = form_fields(page.content.decode(), "/contact/")["csrfmiddlewaretoken"]
    return client.post("/contact/", {**data, "csrfmiddlewaretoken": token})


def test_the_contact_page_shows_the_desk_and_is_linked_from_every_page(client, project):
    response = client.get("/contact/")
    assert response.status_code == 200
    page = main_text(response)
    assert "吉林省商务厅投资促进处" in page and "0431-00000000" in page
    for path in ("/", project.get_absolute_url()):
        html = client.get(path).content.decode()
        assert html.count('href="/contact/"') == 2  # header and footer


@override_settings(CONTACT_PHONE="0431-85551234", CONTACT_OFFICE="吉林省投资促进中心")
def test_the_contact_details_come_from_settings(client):
    page = main_text(client.get("/contact/"))
    assert "0431-85551234" in page and "吉林省投资促进中心" in page


def test_an_inquiry_is_stored_numbered_and_its_reference_shown(csrf_client, project):
    response = send_from_contact_page(csrf_client, filled(project="audi"))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert re.fullmatch(r"ZS-\d{8}-0001", inquiry.reference)
    assert inquiry.project == project and inquiry.email == "wang@example.com"
    assert inquiry.status == "new" and inquiry.consented_at
    thanks = csrf_client.get(response["Location"])
    assert thanks.status_code == 200
    assert inquiry.reference in main_text(thanks)
    # The thank-you page shows the reference and nothing the sender typed.
    for value in ("王经理", "wang@example.com", "长春某汽车", "用地"):
        assert value not in text(thanks)


def test_references_count_up_within_a_day(client):
    references = [
        Inquiry.objects.create(name="甲", phone="13800000000", message="问", consented_at="2026-01-01T00:00Z").reference
        for _ in range(3)
    ]  # fmt: skip
    assert [r[-4:] for r in references] == ["0001", "0002", "0003"]
    assert len(set(references)) == 3


def test_posting_the_form_of_a_cached_project_page_stores_the_inquiry(csrf_client, project):
    path = project.get_absolute_url()
    csrf_client.get(path)
    page = csrf_client.get(path)
    assert page["X-Page-Cache"] == "hit"  # the form comes from the cache, as visitors get it
    html = page.content.decode()
    fields = form_fields(html, "/contact/send/")
    assert fields["project"] == "audi" and "csrfmiddlewaretoken" not in fields
    data = {**fields, **filled()}
    response = csrf_client.post("/contact/send/", data, headers=OUR_ORIGIN)
    assert response.status_code == 302
    assert Inquiry.objects.get().project == project


def test_the_event_page_has_the_form_with_the_event_filled_in(csrf_client):
    event = EventFactory(slug="expo")
    fields = form_fields(
        csrf_client.get(event.get_absolute_url()).content.decode(), "/contact/send/"
    )
    assert fields["event"] == "expo"
    csrf_client.post(
        "/contact/send/", {**fields, **filled()}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert Inquiry.objects.get().event == event


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {}],
    ids=["other-origin", "cross-site", "no-origin"],
)
def test_a_post_not_from_our_pages_is_only_shown_back_for_confirmation(
    csrf_client, project, headers
):
    response = csrf_client.post("/contact/send/", filled(project="audi"), headers=headers)
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    html = response.content.decode()
    assert "请核对以下内容" in html and "王经理" in html
    # Confirming on that page (with its CSRF token) stores it.
    fields = form_fields(html, "/contact/")
    assert fields["project"] == "audi" and fields["csrfmiddlewaretoken"]
    csrf_client.post("/contact/", {**filled(), **fields})
    assert Inquiry.objects.get().project == project


def test_the_contact_form_without_its_csrf_token_is_refused(csrf_client):
    assert csrf_client.post("/contact/", filled()).status_code == 403
    assert not Inquiry.objects.exists()


def test_the_honeypot_rejects(client):
    response = client.post("/contact/", filled(website="http://spam.example"))
    assert response.status_code == 400
    assert not Inquiry.objects.exists()
    assert "请勿填写此栏" in text(response)


@override_settings(INQUIRY_RATE_LIMIT=3)
def test_the_rate_limit_answers_in_chinese_after_n_submissions(client):
    for _ in range(3):
        assert client.post("/contact/", filled()).status_code == 302
    response = client.post("/contact/", filled())
    assert response.status_code == 429
    assert "提交过于频繁" in text(response) and "60 分钟内最多可提交 3 次" in text(response)
    assert Inquiry.objects.count() == 3
    # Another address is not held back.
    assert client.post("/contact/", filled(), REMOTE_ADDR="10.0.0.9").status_code == 302


@override_settings(INQUIRY_RATE_LIMIT=1)
def test_the_rate_limit_fails_open_when_the_cache_is_down(client, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    for _ in range(3):
        assert client.post("/contact/", filled()).status_code == 302
    assert Inquiry.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "", "phone": ""}, "请至少填写电子邮箱或联系电话中的一项"),
        ({"email": "not-an-address"}, "请填写有效的电子邮箱地址"),
        ({"email": "", "phone": "call me"}, "请填写有效的电话号码"),
        ({"name": ""}, "请填写您的姓名"),
        ({"message": ""}, "请填写您想咨询的内容"),
        ({"consent": ""}, "请阅读并勾选同意《个人信息保护说明》"),
        ({"project": "no-such-project"}, "所咨询的项目已不在本站公开"),
        ({"name": "x" * 500}, "不超过 100 字符"),
    ],
)
def test_invalid_input_is_shown_again_with_chinese_errors(client, project, changes, message):
    response = client.post("/contact/", filled(**changes))
    assert response.status_code == 200
    assert message in text(response)
    assert "提交未成功" in text(response)
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"project": ["a", "b"]},
        {"name": "\x00"},
        {"email": "a@" + "b" * 300 + ".cn"},
        {**filled(), "project": "a\x00b"},
        {**filled(), "event": "奥迪"},
    ],
)
def test_hostile_input_never_answers_500(client, data):
    assert client.post("/contact/", data).status_code < 500
    assert client.post("/contact/send/", data, headers=OUR_ORIGIN).status_code < 500
    assert client.get("/contact/", {"project": "\x00"}).status_code < 500
    assert client.get("/contact/thanks/", {"ref": "forged"}).status_code == 404


def test_inquiries_are_never_public(client, project):
    client.post("/contact/", filled(project="audi", name="赵先生", email="zhao@example.com"))
    reference = Inquiry.objects.get().reference
    paths = ["/", project.get_absolute_url(), "/contact/", "/contact/privacy/", "/sitemap/"]
    for path in paths:
        page = client.get(path).content.decode()
        for secret in ("赵先生", "zhao@example.com", reference):
            assert secret not in page, path
    # No public address answers with an inquiry: the admin wants a signed-in desk member.
    response = client.get(f"/admin/inquiries/inquiry/{Inquiry.objects.get().pk}/change/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_pages_of_the_desk_carry_no_inline_code(client, project):
    for path in ("/contact/", "/contact/privacy/", project.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200
        assert "Content-Security-Policy" in response.headers
        assert not inline_code(response.content.decode()), path


def test_the_desk_pages_that_hold_a_csrf_token_are_not_cached(client):
    client.get("/contact/")
    response = client.get("/contact/")
    assert response.get("X-Page-Cache") != "hit"
    assert "no-store" in response["Cache-Control"]


def test_the_contact_page_runs_a_fixed_number_of_queries(
    client, project, django_assert_max_num_queries
):
    client.get("/contact/")  # the content version, once
    with django_assert_max_num_queries(1):  # the project asked about
        response = client.get("/contact/", {"project": "audi"})
    assert "奥迪一汽新能源汽车项目" in main_text(response)
