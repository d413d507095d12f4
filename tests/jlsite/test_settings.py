import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
STRONG_KEY = "x7#Kq2!vR9@mP4$wL8^zT1&nB6*cH3(jF5)dG0_sY-eU+aI=oQ"


def manage(*args, env=None):
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "REDIS_URL")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "tzjl.jl.gov.cn",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
            "ALLOWED_HOSTS": "tzjl.jl.gov.cn",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
            "SECRET_KEY": STRONG_KEY,
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    result = manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "tzjl.jl.gov.cn",
            "REDIS_URL": "",
        },
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_development_without_debug_needs_a_secret_key():
    result = manage("check", env={"DJANGO_SETTINGS_MODULE": "jlsite.settings.dev", "DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_empty_database_url_falls_back_to_sqlite():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jlsite.settings.dev", "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_chinese_first_settings():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "jlsite.settings.prod",
    "ALLOWED_HOSTS": "tzjl.jl.gov.cn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    "key", ["abc", STRONG_KEY[:49], "a" * 60, "django-insecure-" + STRONG_KEY], ids=len
)
def test_production_refuses_a_short_or_weak_secret_key(key):
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "50" in result.stderr


def setting(name, **env):
    code = f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = manage("shell", "-c", code, env={**PRODUCTION, "SECRET_KEY": STRONG_KEY, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_x_forwarded_proto_is_trusted_only_when_the_deployment_says_so():
    assert setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="0") == "None"
    trusted = setting("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="1")
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.django_db
def test_a_statement_postgresql_misjudges_as_costly_is_not_compiled():
    """JIT compiling takes tens of milliseconds: more than any of the site's statements."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT sum(a * b) FROM generate_series(1, 1000000) a, "
            "generate_series(1, 1000) b"
        )
        (plan,) = cursor.fetchone()[0]
    assert plan["Plan"]["Total Cost"] > 100_000  # (jit_above_cost)
    assert "JIT" not in plan
