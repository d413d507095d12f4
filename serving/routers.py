"""Public reads from the replicas in DATABASE_REPLICA_URLS, everything else from the primary.

A request may read from a replica only once PrimaryDatabaseMiddleware has allowed it: a GET
or HEAD outside the admin by someone who is not staff (so editors see their own changes at
once). The first write, or an open transaction, sends the rest of the request to the primary,
so nothing is read back from a replica that has not caught up. Outside requests (commands,
shells, tests that do not go through the middleware) every query goes to the primary.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections

replica_allowed = ContextVar("replica_allowed", default=False)


def stay_on_primary(**kwargs):
    replica_allowed.set(False)


# After the last byte of a (possibly streamed) response, not when the view returns.
request_finished.connect(stay_on_primary, dispatch_uid="serving.routers.stay_on_primary")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if not replicas or not replica_allowed.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        stay_on_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return False if db in settings.DATABASE_REPLICAS else None


class PrimaryDatabaseMiddleware:
    """Lets a public read-only request use the replicas; after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stay_on_primary()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        replica_allowed.set(
            request.method in ("GET", "HEAD")
            and "admin" not in request.resolver_match.namespaces
            and not request.user.is_staff
        )
