"""At most INQUIRY_RATE_LIMIT submissions per client address and INQUIRY_RATE_WINDOW seconds,
counted in the shared cache. While the cache is down, nobody is held back."""

import logging

from django.conf import settings
from django.core.cache import cache

from jlsite.client_ip import client_ip

logger = logging.getLogger(__name__)


def over_limit(request):
    """Count this submission; True when the client has already used up its allowance."""
    key = f"inquiries:rate:{client_ip(request) or 'unknown'}"
    try:
        cache.add(key, 0, settings.INQUIRY_RATE_WINDOW)
        count = cache.incr(key)
    except Exception:  # the cache is down (or forgot the key between the two calls)
        logger.warning("Inquiry rate limit not applied: the cache did not answer", exc_info=True)
        return False
    return count is not None and count > settings.INQUIRY_RATE_LIMIT
