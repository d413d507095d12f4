"""Local development: DEBUG on by default, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env, env_value

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_value("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    from django.core.exceptions import ImproperlyConfigured

    SECRET_KEY = env_value("SECRET_KEY")
    if not SECRET_KEY:
        raise ImproperlyConfigured("DEBUG 关闭时必须设置环境变量 SECRET_KEY。")
