"""The content version public pages are cached under (see pagecache.middleware).

Every cached page is filed under the current *content version*. Any change to content the public
can see (a save, a delete, a many-to-many change, an import, an admin action) bumps the version,
so the next request renders afresh: invalidation is exact and immediate without knowing which
pages show what. Scheduled content becomes public without a write, so the version also expires
at the next scheduled publication time. The version is a cache entry too; if the cache is down,
pages are simply rendered every time, and the figures `memoize` keeps (counts, totals, trees)
are remembered in the process for LOCAL_SECONDS: a change made through another process shows
that much later while Redis is away, instead of every request recomputing them all.

Domain apps call `watch(Model, ...)` in their `ready()` for the models their pages show; bulk
writes that send no model signal (imports, admin actions) are heard through their own signals
(pagecache.apps).
"""

import contextvars
import functools
import logging
import pickle
import time
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
DEFAULT_SECONDS = 600
LOCAL_SECONDS = 10
# Figures remembered in this process while the shared cache is down.
local = LocMemCache("pagecache-local", {"TIMEOUT": LOCAL_SECONDS, "OPTIONS": {"MAX_ENTRIES": 500}})


def cache_available():
    """False while the shared cache is known to be down (serving.cache's breaker is open)."""
    return getattr(cache, "available", True)


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


# The content version


def next_scheduled_publication():
    """The earliest publication time still in the future, over every publishable model, in
    one query. Its SQL is written once per process and database: the ORM compiling the same
    five-way union took 2–4 ms of the first page after every change, the query 0.1."""
    from jlsite.publishing import PublicationStatus

    models = publishable_models()
    if not models:
        return None
    connection = connections[router.db_for_read(models[0])]
    sql = scheduled_sql(connection.alias, tuple(models))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [PublicationStatus.PUBLISHED, now] * len(models))
        (found,) = cursor.fetchone()
    column = models[0]._meta.get_field("published_at").cached_col
    for converter in connection.ops.get_db_converters(column):  # (SQLite's text to a datetime)
        found = converter(found, column, connection)
    return found


def publishable_models():
    from jlsite.publishing import Publishable

    return [model for model in apps.get_models() if issubclass(model, Publishable)]


@functools.cache
def scheduled_sql(alias, models):
    quote = connections[alias].ops.quote_name

    def earliest(model):
        status, published = (quote(model._meta.get_field(f).column) for f in FIELDS)
        return (
            f"SELECT min({published}) AS moment FROM {quote(model._meta.db_table)} "
            f"WHERE {status} = %s AND {published} > %s"
        )

    return f"SELECT min(moment) FROM ({' UNION ALL '.join(map(earliest, models))}) AS scheduled"


FIELDS = ("status", "published_at")


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


# The version read during the current request (see one_version_per_request).
request_version = contextvars.ContextVar("request_version", default=None)


@contextmanager
def one_version_per_request():
    """Within it, the content version is read from the shared cache once, not by every
    remembered figure (six to eight Redis round trips a page); a change made within it
    (forget_version) is read again."""
    token = request_version.set({})
    try:
        yield
    finally:
        request_version.reset(token)


def content_version():
    """The current version: {"id", "since" (epoch seconds), "until" (when it expires)}."""
    held = request_version.get()
    if held is not None and "version" in held:
        return held["version"]
    version = shared_version()
    if held is not None:
        held["version"] = version
    return version


def shared_version():
    try:
        version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("Could not read the content version", exc_info=True)
        return None
    if not cache_available():  # a version nobody could share: not worth a query each time
        return None
    if version is None or (version["until"] is not None and version["until"] <= time.time()):
        try:
            version = new_version()
        except DatabaseError:  # no database (yet): nothing to file pages under
            logger.warning("Could not read scheduled publications", exc_info=True)
            return None
    return version


def forget_version():
    held = request_version.get()
    if held is not None:
        held.pop("version", None)
    local.clear()
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


# Figures that only change with the content


def memoize(key, compute, timeout=None):
    """`compute()`, remembered until the content changes (counts, totals, trees).

    The value is filed under the content version, so any change recomputes it; without the
    cache it is computed every time. Each process also keeps a pickled copy for the version
    (`kept`): a figure comes from the shared cache once per process, not on every request,
    and every caller still gets its own copy.
    """
    version = content_version()
    if version is None:
        return remembered_here(key, compute)
    here = kept(version)
    if key in here:
        return pickle.loads(here[key])
    full_key = figure_key(version, key)
    try:
        found = cache.get(full_key, MISSING)
    except Exception:
        logger.warning("Could not read a remembered figure", exc_info=True)
        return compute()
    if found is not MISSING:
        keep(here, key, found)
        return found
    value = compute()
    try:
        cache.set(full_key, value, timeout or seconds() or DEFAULT_SECONDS)
    except Exception:
        logger.warning("Could not remember a figure", exc_info=True)
    keep(here, key, value)
    return value


def figure_key(version, key):
    return f"public-figures:{version['id']}:{key}"


def remembered(key):
    """Whether `memoize(key, ...)` would answer without computing; a figure found in the
    shared cache is kept in this process, so memoize does not fetch it again."""
    version = content_version()
    if version is None:
        return local.get(key, MISSING) is not MISSING
    here = kept(version)
    if key in here:
        return True
    try:
        found = cache.get(figure_key(version, key), MISSING)
    except Exception:
        return False
    if found is MISSING:
        return False
    keep(here, key, found)
    return True


KEPT_BYTES = 8 * 1024 * 1024  # pickled figures a process keeps per version, oldest dropped first
kept_figures = {"version": None, "values": {}, "bytes": 0}


def kept(version):
    """{key: pickled figure} this process keeps for `version`."""
    if kept_figures["version"] != version["id"]:
        kept_figures.update(version=version["id"], values={}, bytes=0)
    return kept_figures["values"]


def keep(values, key, value):
    if values is not kept_figures["values"]:  # the version changed while it was computed
        return
    pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(pickled) > KEPT_BYTES // 8:  # a large figure is left to the shared cache
        return
    kept_figures["bytes"] -= len(values.pop(key, b""))
    while values and kept_figures["bytes"] + len(pickled) > KEPT_BYTES:
        kept_figures["bytes"] -= len(values.pop(next(iter(values))))
    values[key] = pickled
    kept_figures["bytes"] += len(pickled)


MISSING = object()

# Values kept in this process for one content version (see memoize_in_process).
in_process = {"version": None, "values": {}}


def memoize_in_process(key, compute):
    """`compute()`, kept in this process until the content changes.

    For what is cheaper to keep than to fetch and unpickle from the shared cache on every
    request (rendered option lists): each process computes it once per content version. The
    version is still read from the shared cache, so a change made anywhere shows at the next
    request; without the cache it is remembered for LOCAL_SECONDS like memoize's figures.
    """
    version = content_version()
    if version is None:
        return remembered_here(key, compute)
    if in_process["version"] != version["id"]:
        in_process["values"] = {}
        in_process["version"] = version["id"]
    values = in_process["values"]
    found = values.get(key, MISSING)
    if found is MISSING:
        found = values[key] = compute()
    return found


def remembered_here(key, compute):
    """`compute()`, remembered in this process for LOCAL_SECONDS (the shared cache is down)."""
    found = local.get(key, MISSING)
    if found is MISSING:
        found = compute()
        local.set(key, found)
    return found
