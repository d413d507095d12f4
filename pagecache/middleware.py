"""Anonymous visitors' public pages come from the shared cache (Redis), filed under the
content version (pagecache.versions), so any change shows at the next request."""

import gzip
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from jlsite.context_processors import LARGE_TYPE_COOKIE
from serving.compression import TextGZipMiddleware
from serving.routers import replica_allowed

from .versions import content_version, one_version_per_request, seconds

logger = logging.getLogger(__name__)


class PublicPageCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public pages from the cache, keyed by the content
    version, the path and query, the language and the large-type reading mode; answer
    conditional requests with 304. Visitors with a session (staff) always get fresh pages."""

    EXCLUDED_PREFIXES = ("/static/", "/media/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_version_per_request():
            return self.respond(request)

    def respond(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        replica_allowed.set(True)  # an anonymous GET: its version lookup is a public read
        version = content_version()
        replica_allowed.set(False)
        if version is None:  # the cache is down
            return self.get_response(request)
        key = self.key(request, version)
        stored = self.read(key)
        if stored is not None:
            response = self.rebuild(stored, request)
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
        # The host too: pages carry their own absolute address (canonical link, print, QR).
        address = request.get_host() + request.get_full_path()
        address = hashlib.sha256(address.encode()).hexdigest()[:32]
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
        """Store the page gzip-compressed when it compresses (as TextGZipMiddleware would send
        it, once, rather than compressing it again for every visitor)."""
        headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
        stored = {"status": response.status_code, "headers": headers, "content": response.content}
        compressed = self.compressed(stored)
        if compressed is not None:
            stored.update(content=None, gzip=compressed)
        try:
            cache.set(key, stored, self.timeout(version))
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)

    @classmethod
    def compressed(cls, stored):
        """{"headers", "content"} of the gzip answer TextGZipMiddleware makes of `stored`, or
        None when it would send it uncompressed. A cached page holds nothing secret (no CSRF
        token, no session), so compressing it once does not weaken the BREACH mitigation."""
        accepting = HttpRequest()
        accepting.META["HTTP_ACCEPT_ENCODING"] = "gzip"
        answer = TextGZipMiddleware(lambda request: None).process_response(
            accepting, cls.rebuild({**stored, "gzip": None})
        )
        if answer.get("Content-Encoding") != "gzip":
            return None
        return {"headers": dict(answer.items()), "content": answer.content}

    @staticmethod
    def read(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("Could not read a page from the cache", exc_info=True)
            return None

    @staticmethod
    def rebuild(stored, request=None):
        """The stored page as a response: compressed for a client that takes gzip."""
        packed = stored.get("gzip")
        accepts_gzip = request is not None and re_accepts_gzip.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        if packed and accepts_gzip:
            headers, content = packed["headers"], packed["content"]
        else:
            headers = stored["headers"]
            content = gzip.decompress(packed["content"]) if packed else stored["content"]
        response = HttpResponse(content, status=stored["status"])
        for name, value in headers.items():
            response[name] = value
        return response

    @staticmethod
    def conditional(request, response):
        """304 for If-None-Match (weak comparison: a browser sends back the W/ ETag of the
        gzip answer) or If-Modified-Since."""
        answer = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
        if answer is not response and "X-Page-Cache" in response:
            answer["X-Page-Cache"] = response["X-Page-Cache"]
        return answer
