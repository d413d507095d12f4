"""Gunicorn settings for jlsite, read from the environment (an empty variable counts as unset).

    .venv/bin/gunicorn -c gunicorn.conf.py jlsite.wsgi

GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (one sync worker per core, at least 2: more
gains nothing on a small machine, measured on 2 cores), GUNICORN_TIMEOUT (30 s),
GUNICORN_ACCESS_LOG ("-" for standard output, a file path, or "off"), GUNICORN_CONTROL_SOCKET
(a path for `gunicornc`; unset means none, since gunicorn's default is one path per user that
two instances on one machine would share).

Each worker closes a connection at once after the response unless the client sent more than
was read (serving/closing.py): gunicorn's own close waits up to 2 s for the client, and a sync
worker serves nothing else meanwhile.
"""

import logging
import os


def setting(name, default):
    return os.environ.get(name) or default


bind = setting("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(setting("GUNICORN_WORKERS", max(2, os.cpu_count() or 1)))
worker_class = "sync"
timeout = int(setting("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout

_access_log = setting("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log == "off" else _access_log
# Client (and the proxy's X-Forwarded-For), request, status, size, response time, user agent;
# the words typed in a search box (`q`) are left out of it (serving/access_log.py).
access_log_format = '%(h)s %({x-forwarded-for}i)s [%(t)s] "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logger_class = "serving.access_log.AccessLog"
errorlog = "-"

if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_fork(server, worker):
    from serving.closing import install

    install()


def post_worker_init(worker):
    # The site's names (regions, industries, companies, events, synonyms) join the word
    # dictionary before the first search, not during it; without the database, that search
    # loads them.
    try:
        from search.indexing import load_vocabulary

        load_vocabulary()
    except Exception:
        logging.getLogger("gunicorn.error").warning(
            "The search vocabulary is loaded on the first search instead", exc_info=True
        )

    # The app is loaded: its modules hold some 290,000 objects (pypinyin's dictionaries most of
    # them) that live as long as the worker. Frozen, the garbage collector stops walking them
    # in its full collections, which otherwise paused a request for about 190 ms every few
    # hundred requests (and cost 1 ms a request on average).
    import gc

    gc.freeze()
