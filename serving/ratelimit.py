"""A small per-client rate limit on the shared cache (Redis): N requests a window per address.

The count lives in a cache entry per client and window, so every app server sees the same
count. While the cache is down the limit fails open: requests are let through and the error is
logged, since refusing every download would be worse than letting a burst through.
"""

import logging
import math
import time

from django.core.cache import cache
from django.http import HttpResponse

from jlsite.client_ip import client_ip

logger = logging.getLogger(__name__)


def seconds_left(window, now=None):
    now = time.time() if now is None else now
    return max(1, math.ceil(window - now % window))


def count_request(scope, client, window):
    """This client's requests in the current window, this one included; None without cache."""
    key = f"rate-limit:{scope}:{client}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, window + 1)
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr: a new window
        return None
    except Exception:
        logger.warning("Rate limit %s not checked: the cache is unavailable", scope, exc_info=True)
        return None


def too_many(request, scope, limit, window):
    """None when the request may proceed, else a 429 response saying when to come back."""
    if limit <= 0:
        return None
    count = count_request(scope, client_ip(request) or "unknown", window)
    if count is None or count <= limit:
        return None
    wait = seconds_left(window)
    response = HttpResponse(
        f"请求过于频繁：每个地址每 {window} 秒最多下载 {limit} 次。请 {wait} 秒后再试。",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
