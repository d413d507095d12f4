"""Redis as the cache, with a circuit breaker: after a failed call this process leaves Redis
alone for a few seconds (every call finds nothing at once), then tries again.

Without it, every cache call of every request waits for its own connection attempt, up to
the connect timeout when the Redis host is gone rather than refusing. The failure is logged
once per interval, with its traceback, instead of once per call.

`cache.available` is False while the breaker is open, so callers can tell "Redis is down"
from "not in the cache" (pagecache.versions then remembers figures in the process).
"""

import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5
# The calls that talk to Redis; others (close, get_client) pass through unguarded, so that
# closing at the end of a request is not taken for Redis answering again.
GUARDED = frozenset({
    "get", "set", "add", "delete", "delete_many", "get_many", "set_many", "incr", "decr",
    "has_key", "touch", "ttl", "pttl", "expire", "expire_at", "pexpire", "pexpire_at", "persist",
    "keys", "iter_keys", "delete_pattern", "clear", "incr_version", "lock",
})  # fmt: skip
# InvalidResponse: something that is not Redis answers there (a wrong port in REDIS_URL).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, InvalidResponse, OSError)


class Breaker:
    """Open for `seconds` after a failure; logs a failure at most once per `seconds`."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0
        self.logged_at = None
        self.skipped = 0

    def is_open(self):
        return time.monotonic() < self.open_until

    def skip(self):
        self.skipped += 1
        error = ConnectionInterrupted(connection=None)
        error.__cause__ = RedisConnectionError("skipped: Redis failed in the last seconds")
        return error

    def trip(self, error):
        now = time.monotonic()
        self.open_until = now + self.seconds
        if self.logged_at is None or now - self.logged_at >= self.seconds:
            logger.warning(
                "Redis unavailable (%s): this process skips the cache for %s s "
                "(%s calls skipped since the last message)",
                error, self.seconds, self.skipped, exc_info=error,
            )  # fmt: skip
            self.logged_at = now
            self.skipped = 0

    def succeeded(self):
        if self.open_until:
            self.open_until = 0.0
            logger.warning("Redis answers again: this process uses the cache")


class GuardedClient:
    """django-redis's client, whose calls are skipped while the breaker is open."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name not in GUARDED:
            return attribute
        breaker = self._breaker

        def guarded(*args, **kwargs):
            if breaker.is_open():
                raise breaker.skip()
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                if isinstance(error.__cause__, UNREACHABLE):
                    breaker.trip(error.__cause__)
                raise
            except RedisError as error:  # not one django-redis wraps (a protocol error)
                if isinstance(error, ResponseError):
                    raise
                breaker.trip(error)
                raise ConnectionInterrupted(connection=None) from error
            breaker.succeeded()
            return result

        return guarded


class BreakerRedisCache(RedisCache):
    """django-redis's RedisCache (errors ignored) behind a circuit breaker; OPTIONS may set
    BREAKER_SECONDS."""

    def __init__(self, server, params):
        super().__init__(server, params)
        seconds = params.get("OPTIONS", {}).get("BREAKER_SECONDS", BREAKER_SECONDS)
        self.breaker = Breaker(seconds)
        self._log_ignored_exceptions = False  # the breaker logs, once per interval

    @property
    def client(self):
        return GuardedClient(super().client, self.breaker)

    @property
    def available(self):
        return not self.breaker.is_open()
