"""Download slots: at most EXPORT_SLOTS app workers of a machine send downloads at once.

A sync gunicorn worker that sends a file, or streams one, is held until the client has read
it; six clients downloading a large export would hold every worker and stall the pages. A
download takes a slot (an exclusive `flock` on one of EXPORT_SLOTS files beside the kept
downloads) for as long as it is being sent, and a download that finds every slot taken is
answered 503 with Retry-After at once. The operating system releases the lock of a worker
that dies, so a slot is never lost. Files that nginx sends (EXPORT_ACCEL_REDIRECT) need none.
"""

import fcntl
import io
import logging
import os
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

logger = logging.getLogger(__name__)

BUSY_RETRY_SECONDS = 5


class Slot:
    """A held slot; `release()` frees it (once)."""

    def __init__(self, descriptor):
        self.descriptor = descriptor

    def release(self):
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing the descriptor drops its lock
            self.descriptor = None

    __del__ = release  # a response dropped without being closed does not keep its slot


def folder():
    kept = Path(settings.EXPORT_CACHE_DIR)  # beside it: old kept files are deleted in there
    path = kept.with_name(kept.name + "-slots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def take():
    """A free slot, None when all are taken; a slot that cannot be made is not waited for."""
    if settings.EXPORT_SLOTS <= 0:
        return Slot(None)
    try:
        base = folder()
    except OSError:
        logger.warning("No folder for download slots: downloads are not bounded", exc_info=True)
        return Slot(None)
    for number in range(settings.EXPORT_SLOTS):
        descriptor = os.open(base / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return Slot(descriptor)
    return None


def busy():
    response = HttpResponse(
        f"下载繁忙：服务器正在发送其他下载。请 {BUSY_RETRY_SECONDS} 秒后再试。",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(BUSY_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class SlotFile(io.FileIO):
    """A file opened for sending that frees its slot when the response closes it."""

    slot = None

    def close(self):
        try:
            super().close()
        finally:
            if self.slot is not None:
                self.slot.release()


def opened(path, slot):
    """`path` opened for sending, freeing `slot` when closed; FileNotFoundError leaves the
    slot with the caller."""
    handle = SlotFile(path, "rb")
    handle.slot = slot
    return handle


class ReleasedAfter:
    """Iterates `chunks`, and frees `slot` when they end or the response is closed, even
    before the first chunk (a HEAD request, a client gone at once): a generator's `finally`
    would not run then."""

    def __init__(self, chunks, slot):
        self.chunks = iter(chunks)
        self.slot = slot

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self.chunks)
        except BaseException:  # StopIteration too: all sent
            self.close()
            raise

    def close(self):
        try:
            if hasattr(self.chunks, "close"):
                self.chunks.close()
        finally:
            self.slot.release()
