"""Work a search page can start on a database connection of its own while the request goes
on (PostgreSQL): page 1 of a new query of several words is ranked there while the request
counts its matches.

The two do not depend on each other on page 1, and each can take tens of milliseconds at
200,000 documents, so a new query waits for the longer of them instead of both. Each process
keeps THREADS threads; each thread keeps its connection like a request does (closed once
unusable or older than CONN_MAX_AGE), so every page does not connect anew. Inside a
transaction (tests, ATOMIC_REQUESTS) another connection would not see what the request's
sees, so the work is done in the request as before; and if it fails, the request does it.
"""

import contextvars
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

logger = logging.getLogger(__name__)

THREADS = 2  # a sync worker serves one request at a time; a second thread for a stray task
pool = {"pid": None, "executor": None}


def executor():
    if pool["pid"] != os.getpid():  # not a pool inherited through a fork: its threads are gone
        pool.update(
            pid=os.getpid(),
            executor=ThreadPoolExecutor(THREADS, thread_name_prefix="search-ahead"),
        )
    return pool["executor"]


def on_own_connection(function, *args):
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    return function(*args)


def start(alias, function, *args):
    """`function(*args)` begun in a pool thread, reading from the database `alias`, as a
    Future; None where it has to run in the request."""
    database = connections[alias]
    if database.vendor != "postgresql" or database.in_atomic_block:
        return None
    context = contextvars.copy_context()  # the request's read routing (serving.routers)
    return executor().submit(context.run, on_own_connection, function, *args)


def result(future, function, *args):
    """What `future` (from `start`) computed, or `function(*args)` computed in the request if
    it was not started or failed."""
    if future is not None:
        try:
            return future.result()
        except Exception:
            logger.warning("Work begun ahead failed; done in the request", exc_info=True)
    return function(*args)


def close():
    """Closes the pool threads' connections and stops them (before their database is dropped,
    in tests); a later `start` begins a new pool."""
    if pool["executor"] is None or pool["pid"] != os.getpid():
        return
    everyone = threading.Barrier(THREADS)  # one task for each thread

    def close_own():
        everyone.wait(timeout=10)
        connections.close_all()

    for _ in range(THREADS):
        pool["executor"].submit(close_own)
    pool["executor"].shutdown(wait=True)
    pool.update(pid=None, executor=None)
