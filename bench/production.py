"""The environment a bench runs the site in as production does: the production settings with
Redis, over plain HTTP (no HTTPS redirect), quiet logs; shared by the web and search benches."""

import os


def environment(database_url, redis_url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "False",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
