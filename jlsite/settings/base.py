"""Settings shared by every environment; all environment reading goes through `env`."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_value(name, default=None):
    """An environment variable, with an empty value treated as unset."""
    return env.str(name, default="") or default


def url_prefix(value):
    """'/desk' or 'desk/' → 'desk/': a path prefix as Django's path() wants it."""
    prefix = value.strip().strip("/")
    if not prefix or any(c.isspace() or c in "?#%\\" for c in prefix):
        raise ImproperlyConfigured(
            f"ADMIN_URL 不是可用的路径前缀：{value!r}（例如 guanli-7f3k/）。"
        )
    return prefix + "/"


DEBUG = env.bool("DEBUG", default=False)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
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
    "spreadsheets.apps.TaskQueueConfig",  # django-tasks-db, named in Chinese
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jlsite",
    "audit",
    "adminsecurity",
    "spreadsheets",
    "pagecache",
    "serving",
    "richtext",
    "search",
    "reversion",
    "workflow",
    "languages",
    "projects",
    "articles",
    "inquiries",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "serving.health.HealthCheckMiddleware",  # first: balancers probe by IP, over plain HTTP
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "serving.headers.permissions_policy",
    # After WhiteNoise (prod), which serves static files pre-compressed; before anything
    # that reads or writes the body.
    "serving.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "audit.middleware.CurrentRequestMiddleware",
    "adminsecurity.middleware.AdminGuardMiddleware",
    "serving.routers.PrimaryDatabaseMiddleware",
    "serving.outage.DatabaseOutageMiddleware",  # the database away: 503, not 500
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
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
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Transactions take the write lock when they begin, so two writers queue instead of
        # one failing half-way (and an import's transaction serialises imports, ImportLock).
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
        # No JIT compiling: PostgreSQL compiles a plan whose estimated cost passes 100,000,
        # which for this site's millisecond statements happens only when it misjudges them
        # (a search's older-title candidates, never read: 30 ms compiling a 1 ms statement).
        # The address's own options come after, and win.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"-c jit=off {options.get('options', '')}".strip()
    return config


DATABASES = {"default": database(env_value("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Read-only copies of the primary; public pages read from them (serving/routers.py).
DATABASE_REPLICAS = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASE_REPLICAS.append(f"replica{number}")
    DATABASES[f"replica{number}"] = {**database(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["serving.routers.ReplicaRouter"]


def redis_cache(url):
    """Redis as the cache; while it is down, cache calls find nothing at once, so pages are
    still served (from the database): after a failure a process skips Redis for a few seconds
    and logs once (serving/cache.py). Short timeouts: Redis on the LAN answers in a millisecond,
    and a host that has gone away must not hold a request for seconds."""
    return {
        "BACKEND": "serving.cache.BreakerRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "jlsite",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.5,
            "BREAKER_SECONDS": 5,
        },
    }


# Sessions stay in the database (Django's default): logging in does not need Redis.
REDIS_URL = env_value("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    # Files, not process memory: the task worker and the web server must share what is cached
    # (an import's progress).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_value("CACHE_DIR", str(BASE_DIR / ".cache")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds the same indexes without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# django-axes counts failures per username and address first: a locked-out user is refused
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese at /, English under /en/ (jlsite/urls.py); the admin stays Chinese.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# What Django's Chinese catalogue lacks, filled in locale/zh_Hans (compiled .mo committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Content in English beside the Chinese (django-modeltranslation, each app's translation.py);
# what is not translated yet shows in Chinese (languages/templatetags/languages.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)

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
# Uploads on this server's disk are served by the app itself (serving/media.py).
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
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=20 * 1024 * 1024)  # bytes
IMPORT_MAX_UNCOMPRESSED_SIZE = env.int("IMPORT_MAX_UNCOMPRESSED_SIZE", default=400 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
# Uploads wait in the default file storage (shared by every app server) until their import
# ends, or this long unconfirmed; the reports staff download are kept longer.
IMPORT_UPLOAD_LIFETIME = env.int("IMPORT_UPLOAD_LIFETIME", default=24 * 3600)  # seconds
IMPORT_REPORT_LIFETIME = env.int("IMPORT_REPORT_LIFETIME", default=7 * 24 * 3600)

# The two-person rule (三审三校): nobody publishes what they submitted or last edited, not even
# a superuser. A one-person installation, with no second reviewer, turns it off.
WORKFLOW_ALLOW_SELF_APPROVAL = env.bool("WORKFLOW_ALLOW_SELF_APPROVAL", default=False)

# Background work (spreadsheet imports): django-tasks-db keeps the queue in the database, so
# it needs nothing beyond it; run the worker with `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers (README, "Admin security"). No inline script, style or handler anywhere on
# the public pages: scripts and styles come from our own static files. A nonce
# ({{ csp_nonce }}) is there for the rare element that cannot be a file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the site never uses, refused for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()"
)
SECURE_REFERRER_POLICY = "same-origin"

# The admin's policy (adminsecurity.middleware): Django 6.1's admin and our import and export
# pages need no inline script or style, so the public policy holds there too. (Should the
# export switch to django-import-export's selectable-fields form, its one inline handler
# needs 'unsafe-hashes' and its hash here.) The rich-text editor (Jodit) positions its
# toolbars and popups with inline styles while editing, so admin styles may be inline;
# scripts stay file-only. (No nonce beside 'unsafe-inline': a nonce would cancel it.)
ADMIN_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Where a reverse proxy is trusted to say who the client is (X-Real-IP, or the last address
# of X-Forwarded-For); unset, REMOTE_ADDR is the client. Used by the audit log and lockouts.
CLIENT_IP_HEADER = env_value("CLIENT_IP_HEADER", "")

# Request size. Form fields (an article body included) up to 2.5 MB in memory and 1,000
# fields a request, Django's defaults, stated so they are a decision; uploaded files are not
# counted there (spreadsheets stop at IMPORT_MAX_FILE_SIZE, larger files spool to disk past
# 2.5 MB). The reverse proxy should refuse bodies past IMPORT_MAX_FILE_SIZE plus a margin.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The admin lives at ADMIN_URL, a path of the operator's choosing that robots.txt does not name.
ADMIN_URL = url_prefix(env_value("ADMIN_URL", "admin/"))

# Only staff log in; their session ends after a working day without a request. Saving on
# every request moves the expiry forward and costs visitors nothing: they have no session.
SESSION_COOKIE_AGE = int(timedelta(hours=env.int("SESSION_IDLE_HOURS", default=8)).total_seconds())
SESSION_SAVE_EVERY_REQUEST = True

# Failed logins (django-axes): after LOGIN_FAILURE_LIMIT failures for one username from one
# address, that pair is refused for LOGIN_LOCKOUT_MINUTES, every try restarting the clock.
# Failures and lockouts go to the audit log (audit/), so axes keeps no access log of its own.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "jlsite.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "adminsecurity.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP): superusers and 审核 must, other staff may.
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Anonymous public pages are cached this many seconds at most (pagecache/); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# E-mail: EMAIL_URL in django-environ's form (smtp+tls://user:password@smtp.example.com:587;
# consolemail:// prints to the log), as Django's MAILERS. Tells staff of inquiries assigned.
MAILER_OPTIONS = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
    "file_path": "EMAIL_FILE_PATH",
}


def mailer(url):
    config = env.email_url_config(url)
    options = {"timeout": 10} if config["EMAIL_BACKEND"].endswith(".smtp.EmailBackend") else {}
    options |= {name: config[key] for name, key in MAILER_OPTIONS.items() if config.get(key)}
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}


MAILERS = {"default": mailer(env_value("EMAIL_URL", "consolemail://"))}
DEFAULT_FROM_EMAIL = env_value("DEFAULT_FROM_EMAIL", f"noreply@{SITE_DOMAIN}")

# The inquiry desk (inquiries/): who answers, how fast, and how long personal data is kept.
CONTACT_OFFICE = env_value("CONTACT_OFFICE", "吉林省商务厅投资促进处")
CONTACT_OFFICE_EN = env_value(
    "CONTACT_OFFICE_EN", "Investment Promotion Division, Department of Commerce of Jilin Province"
)
CONTACT_ADDRESS = env_value("CONTACT_ADDRESS", "吉林省长春市人民大街")
CONTACT_ADDRESS_EN = env_value("CONTACT_ADDRESS_EN", "Renmin Street, Changchun, Jilin, China")
CONTACT_PHONE = env_value("CONTACT_PHONE", "0431-00000000")
CONTACT_EMAIL = env_value("CONTACT_EMAIL", f"invest@{SITE_DOMAIN}")
INQUIRY_RESPONSE_WORKING_DAYS = env.int("INQUIRY_RESPONSE_WORKING_DAYS", default=5)
INQUIRY_RETENTION_DAYS = env.int("INQUIRY_RETENTION_DAYS", default=365)
# Submissions from one client address (jlsite.client_ip) per INQUIRY_RATE_WINDOW seconds.
INQUIRY_RATE_LIMIT = env.int("INQUIRY_RATE_LIMIT", default=10)
INQUIRY_RATE_WINDOW = env.int("INQUIRY_RATE_WINDOW", default=3600)
# Public downloads (serving/downloads.py): per client address, EXPORT_RATE_LIMIT downloads every
# EXPORT_RATE_WINDOW seconds (0 turns the limit off); files of EXPORT_KEEP_MIN_BYTES or more are
# kept in EXPORT_CACHE_DIR under the content version, so that a change replaces them. At most
# EXPORT_SLOTS app workers per machine send downloads at once (serving/slots.py: the others are
# kept for pages; 0 = no bound). EXPORT_ACCEL_REDIRECT names nginx's internal location for
# EXPORT_CACHE_DIR (e.g. /_exports/): kept files are then sent by nginx, not the app.
EXPORT_SLOTS = env.int("EXPORT_SLOTS", default=1)
EXPORT_ACCEL_REDIRECT = env_value("EXPORT_ACCEL_REDIRECT", "")
EXPORT_RATE_LIMIT = env.int("EXPORT_RATE_LIMIT", default=6)
EXPORT_RATE_WINDOW = env.int("EXPORT_RATE_WINDOW", default=60)
EXPORT_CACHE_DIR = env_value("EXPORT_CACHE_DIR", str(BASE_DIR / ".cache" / "exports"))
EXPORT_KEEP_MIN_BYTES = env.int("EXPORT_KEEP_MIN_BYTES", default=64 * 1024)

# The licence the open data (/data/, /api/) is published under.
OPEN_DATA_LICENCE = {
    "name": env_value("OPEN_DATA_LICENCE_NAME", "知识共享署名 4.0 国际许可协议（CC BY 4.0）"),
    "url": env_value(
        "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
    ),
}
