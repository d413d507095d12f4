"""The editor's image upload: staff who may change the content, real images only, alt required."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from richtext import forms
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLE_UPLOAD = reverse("admin:articles_article_image_upload")
PROJECT_UPLOAD = reverse("admin:projects_project_image_upload")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [p for p in Path(root).rglob("*") if p.is_file()]


def image_file(name="photo.png", image_format="PNG", size=(16, 12)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, image_format)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, url=ARTICLE_UPLOAD, alt="长春新区项目签约现场", **files):
    return client.post(url, {"alt": alt, "image": files.get("image") or image_file()})


def staff(django_user_model, *codenames):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_an_editor_uploads_an_image_into_media(client, editor_user, media_root):
    client.force_login(editor_user)
    response = upload(client)
    assert response.status_code == 201
    reply = response.json()
    assert reply["alt"] == "长春新区项目签约现场"
    assert reply["url"].startswith("/media/editor/")
    assert reply["url"].endswith(".png")
    [stored] = stored_files(media_root)
    assert reply["url"] == "/media/" + stored.relative_to(media_root).as_posix()
    assert Image.open(stored).size == (16, 12)


def test_the_stored_name_comes_from_the_content_not_the_uploaded_name(admin_client, media_root):
    response = upload(admin_client, image=image_file("../../etc/passwd.png", "JPEG"))
    assert response.status_code == 201
    url = response.json()["url"]
    assert url.endswith(".jpg")
    assert "passwd" not in url
    [stored] = stored_files(media_root)
    assert stored.is_relative_to(media_root / "editor")


@pytest.mark.parametrize("alt", ["", "   "])
def test_an_image_without_a_description_is_refused(admin_client, media_root, alt):
    response = upload(admin_client, alt=alt)
    assert response.status_code == 400
    assert "请填写图片说明" in response.json()["error"]
    assert stored_files(media_root) == []


def test_a_description_over_200_characters_is_refused(admin_client, media_root):
    response = upload(admin_client, alt="图" * 201)
    assert response.status_code == 400
    assert "图片说明最多 200 个字，现有 201 个" in response.json()["error"]


def test_a_missing_file_is_refused(admin_client):
    response = admin_client.post(ARTICLE_UPLOAD, {"alt": "说明"})
    assert response.status_code == 400
    assert "请选择要上传的图片文件" in response.json()["error"]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "upload_file",
    [
        SimpleUploadedFile("notes.png", b"this is text, not a picture"),
        SimpleUploadedFile("drawing.png", SVG),
        SimpleUploadedFile("drawing.svg", SVG),
        SimpleUploadedFile("cut.png", image_file().read()[:60]),
        image_file("scan.bmp", "BMP"),
        image_file("scan.tiff", "TIFF"),
        image_file("photo.jpg.exe", "JPEG"),
    ],
    ids=["text", "svg-as-png", "svg", "truncated", "bmp", "tiff", "exe-extension"],
)
def test_what_is_not_a_web_image_is_refused(admin_client, media_root, upload_file):
    response = upload(admin_client, image=upload_file)
    assert response.status_code == 400
    assert "JPG、PNG、GIF 或 WebP" in response.json()["error"]
    assert stored_files(media_root) == []


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
def test_the_four_web_formats_are_accepted(admin_client, image_format):
    response = upload(admin_client, image=image_file("x.img", image_format))
    assert response.status_code == 400  # no image extension at all
    response = upload(admin_client, image=image_file(f"x.{image_format.lower()}", image_format))
    assert response.status_code == 201


def test_an_oversized_file_is_refused(admin_client, monkeypatch, media_root):
    monkeypatch.setattr(forms, "IMAGE_MAX_BYTES", 10)
    response = upload(admin_client)
    assert response.status_code == 400
    assert "图片太大" in response.json()["error"]
    assert stored_files(media_root) == []


def test_an_image_with_too_many_pixels_is_refused(admin_client, monkeypatch):
    monkeypatch.setattr(forms, "IMAGE_MAX_PIXELS", 100)
    response = upload(admin_client, image=image_file(size=(20, 10)))
    assert response.status_code == 400
    assert "图片像素太多（20×10）" in response.json()["error"]


def test_anonymous_visitors_are_sent_to_the_login_page(client, media_root):
    response = upload(client)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert stored_files(media_root) == []


def test_a_logged_in_non_staff_user_is_sent_to_the_login_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("citizen", password="pw"))
    assert upload(client).status_code == 302


def test_staff_who_may_only_view_articles_are_refused(client, django_user_model, media_root):
    client.force_login(staff(django_user_model, "view_article"))
    response = upload(client)
    assert response.status_code == 403
    assert "没有编辑此类内容的权限" in response.json()["error"]
    assert stored_files(media_root) == []


def test_permission_to_change_projects_does_not_cover_articles(client, django_user_model):
    client.force_login(staff(django_user_model, "change_project", "view_project"))
    assert upload(client, url=PROJECT_UPLOAD).status_code == 201
    assert upload(client, url=ARTICLE_UPLOAD).status_code == 403


def test_the_object_being_edited_must_exist(admin_client):
    article = ArticleFactory()
    assert upload(admin_client, url=f"{ARTICLE_UPLOAD}?object_id={article.pk}").status_code == 201
    for bad in ["999999", "abc", "1%00", "-1"]:
        response = upload(admin_client, url=f"{ARTICLE_UPLOAD}?object_id={bad}")
        assert response.status_code == 404
        assert "要编辑的内容不存在" in response.json()["error"]


def test_get_is_not_an_upload(admin_client):
    response = admin_client.get(ARTICLE_UPLOAD)
    assert response.status_code == 405
    assert "插入图片" in response.json()["error"]


def test_an_upload_without_the_csrf_token_is_refused(django_user_model, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    assert upload(client).status_code == 403
    assert stored_files(media_root) == []
