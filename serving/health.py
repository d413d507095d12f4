"""/healthz and /readyz for load balancers, answered ahead of every other middleware.

Being first, they skip the host check (balancers probe by IP address), the HTTPS redirect,
sessions and any page cache. /healthz touches nothing: the process answers. /readyz checks the
databases and the cache and says only which one failed; the reason goes to the log.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

PROBE_KEY = "readyz"


def database_answers(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("readyz: database %s does not answer", alias)
        return False
    return True


def cache_answers():
    # A round trip rather than a ping: the cache may be set to swallow connection errors.
    try:
        cache.set(PROBE_KEY, "ok", 30)
        if cache.get(PROBE_KEY) == "ok":
            return True
    except Exception:
        logger.exception("readyz: the cache does not answer")
        return False
    logger.error("readyz: the cache did not keep a value (is Redis down?)")
    return False


def readiness():
    aliases = [DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS]
    checks = {"database": all([database_answers(alias) for alias in aliases])}
    checks["cache"] = cache_answers()
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )


def alive():
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


PROBES = {"/healthz": alive, "/readyz": readiness}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = probe()
        response["Cache-Control"] = "no-store"
        return response
