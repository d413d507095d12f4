"""Cover images answer in production: from MEDIA_ROOT on one server, from object storage on many."""

import io
import json
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from serving.media import media_urlpatterns
from tests.articles.factories import ArticleFactory
from tests.jlsite.test_settings import REPO, STRONG_KEY
from tests.pages import meta


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def article(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ArticleFactory(cover=SimpleUploadedFile("封面.png", png_bytes()), cover_alt="封面")


def test_an_uploaded_cover_answers_with_its_content_type(client, article):
    response = client.get(article.cover.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_article_page_links_a_cover_that_answers(client, article):
    page = client.get(article.get_absolute_url())
    image = meta(page, "og:image")
    assert image and image.startswith("http://testserver/media/")
    assert client.get(image.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/articles/../../../jlsite/settings/base.py",
        "/media//etc/passwd",
        "/media/articles/",
        "/media/articles/covers/nothing.png",
    ],
)
def test_paths_outside_media_root_or_missing_answer_404(client, article, path):
    assert client.get(path).status_code == 404


def test_uploads_are_read_only(client, article):
    assert client.post(article.cover.url).status_code == 405


def test_the_route_is_off_when_uploads_live_in_object_storage(settings):
    settings.SERVE_MEDIA = False
    assert media_urlpatterns() == []


def storage_under_production(extra):
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "storage = storages['default']\n"
        "print(json.dumps({'default': settings.STORAGES['default'],"
        " 'serve_media': settings.SERVE_MEDIA,"
        " 'url': storage.url('articles/covers/2024/05/封面.png')}))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "tzjl.jl.gov.cn",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_object_storage_is_configured_from_the_environment():
    found = storage_under_production(
        {
            "S3_BUCKET": "jlsite-media",
            "S3_ENDPOINT_URL": "https://oss-cn-beijing.aliyuncs.com",
            "S3_ACCESS_KEY_ID": "key-id",
            "S3_SECRET_ACCESS_KEY": "key-secret",
            "S3_REGION": "cn-beijing",
            "S3_CUSTOM_DOMAIN": "img.tzjl.jl.gov.cn",
        }
    )
    assert found["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["default"]["OPTIONS"]
    assert options["bucket_name"] == "jlsite-media"
    assert options["endpoint_url"] == "https://oss-cn-beijing.aliyuncs.com"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")
    assert options["region_name"] == "cn-beijing"
    assert options["addressing_style"] == "virtual"  # OSS and COS refuse path-style requests
    assert options["file_overwrite"] is False  # two servers never replace each other's upload
    assert not found["serve_media"]
    assert (
        found["url"] == "https://img.tzjl.jl.gov.cn/articles/covers/2024/05/%E5%B0%81%E9%9D%A2.png"
    )


def test_object_storage_links_are_unsigned_so_cached_pages_keep_working():
    found = storage_under_production(
        {
            "S3_BUCKET": "jlsite-media",
            "S3_ENDPOINT_URL": "http://minio.internal:9000",
            "S3_ACCESS_KEY_ID": "key-id",
            "S3_SECRET_ACCESS_KEY": "key-secret",
            "S3_ADDRESSING_STYLE": "path",
        }
    )
    assert found["url"].startswith("http://minio.internal:9000/jlsite-media/articles/covers/")
    assert "Signature" not in found["url"] and "X-Amz" not in found["url"]


def test_without_a_bucket_uploads_stay_on_disk_and_are_served():
    found = storage_under_production({})
    assert found["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["serve_media"]
