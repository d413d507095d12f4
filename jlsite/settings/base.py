"""Settings shared by every environment; all environment reading goes through `env`."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_value(name, default=None):
    """An environment variable, with an empty value treated as unset."""
    return env.str(name, default="") or default


DEBUG = env.bool("DEBUG", default=False)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "jlsite",
    "spreadsheets",
    "projects",
    "articles",
]

MIDDLEWARE = [
    "jlsite.health.HealthCheckMiddleware",  # first: balancers probe by IP, over plain HTTP
    "django.middleware.security.SecurityMiddleware",
    # After WhiteNoise (prod), which serves static files pre-compressed; before anything
    # that reads or writes the body.
    "jlsite.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jlsite.routers.PrimaryDatabaseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jlsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jlsite.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "jlsite.wsgi.application"
ASGI_APPLICATION = "jlsite.asgi.application"


def database(url):
    config = env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database(env_value("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Read-only copies of the primary; public pages read from them (jlsite/routers.py).
DATABASE_REPLICAS = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASE_REPLICAS.append(f"replica{number}")
    DATABASES[f"replica{number}"] = {**database(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["jlsite.routers.ReplicaRouter"]


def redis_cache(url):
    """Redis as the cache; while it is down, cache calls log the error and find nothing, so
    pages are still served (from the database)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "jlsite",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Sessions stay in the database (Django's default): logging in does not need Redis.
REDIS_URL = env_value("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_value("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads in an S3-compatible store (MinIO, Aliyun OSS, Tencent COS) when several app
# servers share the work. URLs are unsigned, so cached pages never hold an expired link: the
# bucket (or the CDN behind S3_CUSTOM_DOMAIN) must allow public reads.
if S3_BUCKET := env_value("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_value("S3_ENDPOINT_URL"),
            "access_key": env_value("S3_ACCESS_KEY_ID"),
            "secret_key": env_value("S3_SECRET_ACCESS_KEY"),
            "region_name": env_value("S3_REGION"),
            "custom_domain": env_value("S3_CUSTOM_DOMAIN"),
            "addressing_style": env_value("S3_ADDRESSING_STYLE", "virtual"),
            "signature_version": "s3v4",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
# Uploads on this server's disk are served by the app itself (jlsite/media.py).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not S3_BUCKET)

# Public identity of the site, shown in the footer and the government-website meta tags.
SITE_NAME = env_value("SITE_NAME", "吉林招商")
SITE_DOMAIN = env_value("SITE_DOMAIN", "localhost")
SITE_ORGANISER = env_value("SITE_ORGANISER", "吉林省商务厅")
SITE_CONTACT = env_value("SITE_CONTACT", "")
SITE_ID_CODE = env_value("SITE_ID_CODE", "")
SITE_ICP_NUMBER = env_value("SITE_ICP_NUMBER", "")
SITE_PSB_NUMBER = env_value("SITE_PSB_NUMBER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_value("LOG_LEVEL", "INFO")},
}

# Spreadsheet import and export (django-import-export; see spreadsheets/admin.py).
# Only holders of a model's import_<model> / export_<model> permission see the buttons.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# Between preview and confirm the upload waits in the cache (Redis via REDIS_URL in
# production), which every app server shares; the default local temporary folder is not,
# and MediaStorage would be only if MEDIA_ROOT were on shared storage.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "spreadsheets.admin.UploadCacheStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=20 * 1024 * 1024)  # bytes
