"""Tests: DATABASE_URL picks SQLite (default) or PostgreSQL, exactly as in development."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Background tasks run at once, inside the request that enqueues them.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A second alias on the same test database, for the replica router's tests.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
EXPORT_CACHE_DIR = str(BASE_DIR / ".pytest_cache" / "exports")  # noqa: F405
EXPORT_RATE_LIMIT = 0  # off, except in the tests of the limit itself
EXPORT_SLOTS = 0  # likewise: test processes running side by side share the slot files
