"""Cache backends for tests of what happens when the cache fails."""

from django.core.cache.backends.base import BaseCache


class UnreachableCache(BaseCache):
    """Every call fails as a client fails when its server is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server at 10.0.0.9:6379 refused the connection")

    add = get = set = touch = delete = clear = has_key = incr = get_many = set_many = _fail
