"""How a gunicorn sync worker closes a client's connection after the response.

gunicorn 27 closes every connection "gracefully" (RFC 9112 §9.6): it half-closes, then waits up
to 2 s for the client to close its side too. A sync worker serves nothing else while it waits,
so any client that keeps its socket open after the response (a script that drops an error
response without closing it, or someone doing it on purpose) holds a worker for 2 s a request:
measured in bench/web_stall.py, six such download clients made the home page wait 1–4 s.

The wait only matters when the client sent more than the app read (an unread request body):
closing then makes the kernel send RST, which can destroy the response before the client has
read it. So drain and wait only in that case; with nothing unread, close at once, as gunicorn
did before 27.
"""

import socket

from gunicorn import util

_graceful = util.close_graceful


def close_connection(sock, timeout=2.0, max_drain=65536):
    try:
        unread = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except OSError:  # nothing waiting (EAGAIN), or the connection is already gone
        unread = b""
    if unread:
        _graceful(sock, timeout=timeout, max_drain=max_drain)
    else:
        util.close(sock)


def install():
    """Use close_connection in this process's gunicorn workers (from gunicorn.conf.py)."""
    util.close_graceful = close_connection
