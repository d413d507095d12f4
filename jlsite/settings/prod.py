"""Production: PostgreSQL and Redis from the environment, served by gunicorn behind HTTPS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES, env, env_value, mailer

DEBUG = False

SECRET_KEY = env_value("SECRET_KEY")
# The rule of Django's own deploy check (security.W009), enforced rather than warned about.
if (
    not SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 SECRET_KEY（至少 50 个随机字符），可用以下命令生成："
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if not env_value("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("生产环境必须设置环境变量 ALLOWED_HOSTS（以逗号分隔的域名）。")
# Several gunicorn workers and servers must share one cache: sessions of the import preview
# wait there between preview and confirm, and a per-process memory cache would lose them.
if not env_value("REDIS_URL"):
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 REDIS_URL（如 redis://127.0.0.1:6379/0）。"
    )

# gunicorn serves the collected static files itself: no CDN, no separate web server needed.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_security],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after_security:],
]

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Only a proxy that terminates HTTPS and overwrites X-Forwarded-Proto may be believed; anyone
# can send the header, so it is trusted only when the deployment says so.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Mail leaves through an SMTP server; without EMAIL_URL, the machine's own (an MTA on port 25).
MAILERS = {"default": mailer(env_value("EMAIL_URL", "smtp://localhost:25"))}
