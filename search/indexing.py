"""Keeping the index in step with the records: single saves, admin actions, imports, rebuilds."""

import logging
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.tasks import task
from django.utils.translation import override

from pagecache.versions import cache_available, memoize

from . import registry, text
from .models import Card, Document, TitleCard

logger = logging.getLogger(__name__)

BODY_LIMIT = 3000  # characters of a body kept for snippets and indexed
BATCH = 2000  # rows a statement writes: fewer, larger statements share term-count keys
IMPORT_TASK_SIZE = 5000
VOCABULARY_KEY = "search:vocabulary-version"
VOCABULARY_SECONDS = 60  # without the version (cache emptied or down): reload this often
_vocabulary = {"version": None, "at": None}  # what this process loaded, and when


def vocabulary_version():
    try:
        return cache.get(VOCABULARY_KEY)
    except Exception:
        logger.warning("Could not read the vocabulary version", exc_info=True)
        return None


def load_vocabulary(force=False):
    """Add the site's names to this process's dictionary: once, and again whenever a name has
    changed in any process since (a version in the shared cache, read on each call: one cache
    read). A cache found without a version (emptied, or new) is given one; without the cache,
    they are loaded again after a minute."""
    now = time.monotonic()
    version = vocabulary_version()
    if version is None and cache_available():
        version = first_vocabulary_version()
    loaded, at = _vocabulary["version"], _vocabulary["at"]
    if at is not None and not force:
        if version is not None and version == loaded:
            return
        if version is None and now - at < VOCABULARY_SECONDS:
            return
    _vocabulary.update(version=version, at=now)
    text.add_words(registry.vocabulary())


def with_names(key, compute):
    """`compute()` of the site's names (region names, synonyms), kept in this process for the
    names its dictionary holds (the vocabulary's version, read by load_vocabulary, which each
    search's parse calls first): a name's change is seen at the next search, as the
    dictionary's is, but other content changes do not compute them again. Without a version
    (the cache emptied or down), remembered as `memoize` remembers figures. Not to be changed
    by callers: each gets the same value."""
    version = _vocabulary["version"]
    if version is None:
        return memoize(key, compute)
    if _named["version"] != version:
        _named.update(version=version, values={})
    values = _named["values"]
    if key not in values:
        values[key] = compute()
    return values[key]


_named = {"version": None, "values": {}}  # with_names's values, for one vocabulary version


def first_vocabulary_version():
    """A version for a cache that has none; the one another process gave it first, if any."""
    try:
        cache.add(VOCABULARY_KEY, uuid.uuid4().hex[:12], None)
    except Exception:
        logger.warning("Could not store the vocabulary version", exc_info=True)
    return vocabulary_version()


def new_vocabulary_version():
    try:
        cache.set(VOCABULARY_KEY, uuid.uuid4().hex[:12], None)
    except Exception:
        logger.warning("Could not store the vocabulary version", exc_info=True)


def vocabulary_changed(**kwargs):
    """A name the dictionary holds was added, renamed or removed: every process reloads its
    names on its next search or indexing (now, and again once the change is committed)."""
    new_vocabulary_version()
    transaction.on_commit(new_vocabulary_version)


# What a document holds: each written row's columns, compared with the row already there.
COLUMNS = [f.name for f in Document._meta.concrete_fields if f.name != "id"]
UPDATED = [c for c in COLUMNS if c not in ("kind", "object_id")]


def build(source, obj):
    """The document of `obj` (call inside the site's language: see `index`)."""
    entry = source.entry(obj)
    body = text.plain_text(entry.body)[:BODY_LIMIT]
    return Document(
        kind=source.kind,
        object_id=obj.pk,
        title=entry.title[:300],
        body=body,
        title_terms=text.index_terms(entry.title),
        body_terms=text.index_terms(body),
        url=entry.url[:300],
        region=entry.region or "",
        area=entry.area or entry.region or "",
        year=registry.local_year(entry.published_at),
        published_at=entry.published_at,
    )


def changed(source, documents):
    """Those of `documents` that differ from the rows the index holds (or are new): a row
    written as it was would fire the cards' and counts' triggers for nothing."""
    stored = {
        row[1]: row
        for row in Document.objects.filter(
            kind=source.kind, object_id__in=[d.object_id for d in documents]
        ).values_list(*COLUMNS)
    }
    return [
        d
        for d in documents
        if stored.get(d.object_id) != tuple(getattr(d, column) for column in COLUMNS)
    ]


def index(source, pks):
    """Bring the documents of these rows of `source` up to date (written, or removed)."""
    pks = list(pks)
    load_vocabulary()
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        rows = list(source.prepared(source.indexable().filter(pk__in=chunk)))
        # The index holds the Chinese pages (titles, addresses) whatever language the request
        # that saved the record was in; sources add English words to the body.
        with override(settings.LANGUAGE_CODE):
            documents = [build(source, obj) for obj in rows]
        gone = set(chunk) - {obj.pk for obj in rows}
        if gone:
            Document.objects.filter(kind=source.kind, object_id__in=gone).delete()
        documents = changed(source, documents) if documents else []
        if documents:
            Document.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=UPDATED,
            )


def remove(source, pks):
    Document.objects.filter(kind=source.kind, object_id__in=list(pks)).delete()


def refresh_dependents(model, pks):
    """Rows of other sources whose documents show `model`'s rows (a policy's measures)."""
    for source in registry.sources():
        find = source.depends_on.get(model)
        if find is not None:
            index(source, find(list(pks)))


def enqueue(source, pks):
    """Index these rows of `source` in the task worker, IMPORT_TASK_SIZE rows a task."""
    pks = list(pks)
    for start in range(0, len(pks), IMPORT_TASK_SIZE):
        index_rows.enqueue(source.kind, pks[start : start + IMPORT_TASK_SIZE])


@task()
def index_rows(kind, pks):
    """Bring the documents of these rows of a source up to date (a background task: the rows
    showing a renamed or deleted name), and merge what that left pending (merge_pending)."""
    source = registry.source_for_kind(kind)
    if source is not None:
        index(source, pks)
        merge_pending()


# Signal receivers


def saved(sender, instance, **kwargs):
    source = registry.source_for_model(sender)
    if source is not None:
        index(source, [instance.pk])
    refresh_dependents(sender, [instance.pk])


def renamed(sender, instance, created=False, **kwargs):
    """A row whose name other sources' documents show was saved: once committed, the worker
    reindexes those documents (a region's projects and events, an industry's or a company's
    projects) in batches; the request does not segment thousands of them."""
    if created:  # nothing shows a new name yet
        return
    pk = instance.pk

    def after_commit():
        for source in registry.sources():
            find = source.named_after.get(sender)
            if find is not None:
                enqueue(source, find([pk]))

    transaction.on_commit(after_commit)


def unnamed(sender, instance, **kwargs):
    """A row whose name other sources' documents show is about to be deleted: its links go
    with it, so the documents that show it are found now and reindexed by the worker once
    the delete is committed (as after a rename)."""
    pending = []
    for source in registry.sources():
        find = source.named_after.get(sender)
        if find is not None:
            pending.append((source, list(find([instance.pk]))))

    def after_commit():
        for source, pks in pending:
            if pks:
                enqueue(source, pks)

    transaction.on_commit(after_commit)


def deleted(sender, instance, **kwargs):
    source = registry.source_for_model(sender)
    if source is not None:
        remove(source, [instance.pk])


def links_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        source, pks = registry.source_for_model(type(instance)), [instance.pk]
    else:
        source, pks = registry.source_for_model(model), list(pk_set or ())
    if source is not None and pks:
        index(source, pks)


def publication_changed(sender, pks=None, **kwargs):
    """An admin action published or withdrew rows without saving them one by one."""
    source = registry.source_for_model(sender)
    if pks is None:
        pks = sender._default_manager.values_list("pk", flat=True)
    if source is not None:
        index(source, pks)
    refresh_dependents(sender, pks)


@task()
def index_imported(model_label, pks):
    """Index rows a bulk import wrote (a background task: the worker runs it)."""
    model = apps.get_model(model_label)
    source = registry.source_for_model(model)
    if source is not None:
        index(source, pks)
    refresh_dependents(model, pks)
    merge_pending()


def merge_pending():
    """Moves the entries a bulk write left pending in the search tables' GIN indexes into the
    indexes (PostgreSQL). Until autovacuum or a 4 MB list merges them, a search reads each
    pending entry in turn: 3,000 (a small import's) added 2–9 ms to one count at 200,000
    documents. The merge is work a vacuum would do later (0.3–0.5 s per 5,000 documents).
    Only the indexes' owner may merge (as only it may vacuum them): a database user that is
    not is logged, and the entries wait for autovacuum as before."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Document, Card, TitleCard)]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c "
                "ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'gin' AND i.indrelid = ANY(%s::regclass[])",
                [tables],
            )
    except DatabaseError:
        logger.warning("Could not merge the search indexes' pending entries", exc_info=True)


def imported(sender, pks, names_created=(), **kwargs):
    """Rows written by a bulk import: once it has committed, the task worker indexes them in
    batches, so segmenting their text does not slow the import (its rows appear in search a
    moment after it ends). Names it wrote (its own rows', or those it created for a column)
    reach every process's dictionary, as a save's do."""
    if registry.vocabulary_models().intersection({sender, *names_created}):
        vocabulary_changed()
    pks = list(pks)
    label = sender._meta.label

    def after_commit():
        for start in range(0, len(pks), IMPORT_TASK_SIZE):
            index_imported.enqueue(label, pks[start : start + IMPORT_TASK_SIZE])

    transaction.on_commit(after_commit)


def rebuild(progress=None):
    """Build every source's documents afresh (writing those that differ from the index's)
    and drop documents of rows no longer public; the public keeps searching the old
    documents meanwhile (each batch is a short write)."""
    load_vocabulary(force=True)
    for source in registry.sources():
        pks = list(source.indexable().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            with transaction.atomic():
                index(source, chunk)
            if progress:
                progress(source, len(chunk))
        stale = Document.objects.filter(kind=source.kind).exclude(
            object_id__in=source.indexable().values("pk")
        )
        stale.delete()
    Document.objects.exclude(kind__in=[s.kind for s in registry.sources()]).delete()
    merge_pending()
