"""The public page cache: anonymous visitors' pages come from the shared cache (Redis).

Every cached page is filed under the current *content version*. Any change to content the public
can see (a save, a delete, a many-to-many change, an import, an admin action) bumps the version,
so the next request renders afresh: invalidation is exact and immediate without knowing which
pages show what. Scheduled content becomes public without a write, so the version also expires
at the next scheduled publication time. The version is a cache entry too; if the cache is down,
pages are simply rendered every time.

Domain apps call `watch(Model, ...)` in their `ready()` for the models their pages show.
"""

import hashlib
import logging
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, quote_etag

from .context_processors import LARGE_TYPE_COOKIE

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
DEFAULT_SECONDS = 600


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


# The content version


def next_scheduled_publication():
    """The earliest publication time still in the future, over every publishable model, in
    one query."""
    from .publishing import PublicationStatus, Publishable

    now = timezone.now()
    scheduled = [
        model._default_manager.filter(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    if not scheduled:
        return None
    union = scheduled[0].union(*scheduled[1:], all=True)
    return next(iter(union.order_by("published_at")[:1]), None)


def new_version():
    scheduled = next_scheduled_publication()
    version = {
        "id": uuid.uuid4().hex[:12],
        "since": time.time(),
        "until": scheduled.timestamp() if scheduled else None,
    }
    try:
        cache.set(VERSION_KEY, version, None)
    except Exception:
        logger.warning("Could not store the content version", exc_info=True)
    return version


def content_version():
    """The current version: {"id", "since" (epoch seconds), "until" (when it expires)}."""
    try:
        version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("Could not read the content version", exc_info=True)
        return None
    if version is None or (version["until"] is not None and version["until"] <= time.time()):
        version = new_version()
    return version


def forget_version():
    try:
        cache.delete(VERSION_KEY)
    except Exception:
        logger.warning("Could not reset the content version", exc_info=True)


def bump(**kwargs):
    """Content changed: cached pages are out of date now, and again once the change is
    committed (a page rendered meanwhile may show the state before it)."""
    forget_version()
    transaction.on_commit(forget_version)


def watch(*models):
    """Bump the content version whenever one of `models` (or its m2m links) changes."""
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}"
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump,
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache-m2m-{model._meta.label}-{field.name}",
            )


# The middleware


class PublicPageCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public pages from the cache, keyed by the content
    version, the path and query, the language and the large-type reading mode; answer
    conditional requests with 304. Visitors with a session (staff) always get fresh pages."""

    EXCLUDED_PREFIXES = ("/static/", "/media/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        if version is None:  # the cache is down
            return self.get_response(request)
        key = self.key(request, version)
        stored = self.read(key)
        if stored is not None:
            response = self.rebuild(stored)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if self.cacheable_response(request, response):
                self.mark(response, version)
                self.write(key, response, version)
            response["X-Page-Cache"] = "miss"
        return self.conditional(request, response)

    def cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or seconds() <= 0:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        admin_prefix = "/" + getattr(settings, "ADMIN_URL", "admin/").strip("/") + "/"
        return not request.path.startswith((admin_prefix, *self.EXCLUDED_PREFIXES))

    @staticmethod
    def cacheable_response(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def key(request, version):
        language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
        large = request.COOKIES.get(LARGE_TYPE_COOKIE) == "1"
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"public-pages:{version['id']}:{language}:{int(large)}:{address}"

    @staticmethod
    def mark(response, version):
        response["ETag"] = quote_etag(hashlib.md5(response.content).hexdigest())
        response["Last-Modified"] = http_date(version["since"])
        response["Cache-Control"] = "public, max-age=0, must-revalidate"

    @staticmethod
    def timeout(version):
        timeout = seconds()
        if version["until"] is not None:
            timeout = max(1, min(timeout, int(version["until"] - time.time())))
        return timeout

    def write(self, key, response, version):
        headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
        stored = {"status": response.status_code, "headers": headers, "content": response.content}
        try:
            cache.set(key, stored, self.timeout(version))
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)

    @staticmethod
    def read(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("Could not read a page from the cache", exc_info=True)
            return None

    @staticmethod
    def rebuild(stored):
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"].items():
            response[name] = value
        return response

    @staticmethod
    def conditional(request, response):
        etag = response.get("ETag")
        if etag and request.META.get("HTTP_IF_NONE_MATCH") == etag:
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Last-Modified", "Cache-Control", "X-Page-Cache"):
                if name in response:
                    not_modified[name] = response[name]
            return not_modified
        return response
