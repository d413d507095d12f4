"""Public downloads that cannot stall the site.

A download is rate-limited per client (serving.ratelimit); it comes from a file kept under the
content version (pagecache.versions) when one was made since the content last changed; else
CSV and JSON stream row by row while a copy is kept for the next request, and an XLSX is
written once, row by row, to a file (openpyxl write-only), at most EXPORT_BUILD_SLOTS at a time
on the whole site: a request that finds every slot taken is asked to come back, and told that
CSV streams at once. Any change to public content gives a new version, so files of the old one
are never served and are deleted when the next file is kept.
"""

import hashlib
import json
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from pagecache.versions import content_version
from spreadsheets.writing import CONTENT_TYPES, csv_chunks, write_xlsx_file

from .ratelimit import too_many

logger = logging.getLogger(__name__)

TYPES = {**CONTENT_TYPES, "json": "application/json"}
BUILD_SLOT_SECONDS = 300  # a build that dies without releasing its slot frees it after this


@dataclass
class Table:
    """What a download holds: (name, header) per column, and a callable giving the rows."""

    columns: list
    rows: Callable

    @property
    def headers(self):
        return [header for _, header in self.columns]

    @property
    def names(self):
        return [name for name, _ in self.columns]


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)  # at most 14 significant digits: the float prints back exactly
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def json_chunks(table, rows_per_chunk=500):
    """A JSON array of objects, one per row, streamed."""
    names = table.names
    yield b"["
    buffer = []
    for number, row in enumerate(table.rows()):
        item = {name: json_value(value) for name, value in zip(names, row, strict=True)}
        buffer.append(("," if number else "") + json.dumps(item, ensure_ascii=False))
        if len(buffer) == rows_per_chunk:
            yield "".join(buffer).encode()
            buffer = []
    yield ("".join(buffer) + "]").encode()


STREAMS = {
    "csv": lambda table: csv_chunks(table.headers, table.rows()),
    "json": json_chunks,
}


# Files kept under the content version


def folder():
    path = Path(settings.EXPORT_CACHE_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def kept_file(key, kind):
    """Where the file for `key` is kept under the current content version; None without one."""
    version = content_version()
    if version is None:
        return None
    digest = hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:32]
    try:
        return folder() / f"{version['id']}-{digest}.{kind}"
    except OSError:
        logger.warning("No folder for kept downloads", exc_info=True)
        return None


def keep(part, path):
    """Move a finished `part` into place and delete the files of older versions."""
    os.replace(part, path)
    version = path.name.split("-", 1)[0]
    for other in path.parent.iterdir():
        stale = not other.name.startswith(version + "-")
        if other.name.startswith("."):  # another request's file still being written
            stale = time.time() - other.stat().st_mtime > BUILD_SLOT_SECONDS
        if stale:
            other.unlink(missing_ok=True)


def part_for(path):
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")


def kept_while_streaming(chunks, path):
    """Yield `chunks` and write them to `path` too; a download cut short keeps nothing."""
    part = part_for(path)
    try:
        out = open(part, "wb")  # noqa: SIM115 -- closed by the with below, after the stream
    except OSError:
        logger.warning("Could not keep a download", exc_info=True)
        yield from chunks
        return
    finished = False
    try:
        with out:
            for chunk in chunks:
                out.write(chunk)
                yield chunk
        finished = True
    finally:
        if finished and part.stat().st_size >= settings.EXPORT_KEEP_MIN_BYTES:
            keep(part, path)
        else:
            part.unlink(missing_ok=True)


# Responses


def attachment(response, filename, source):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Download"] = source
    response["Cache-Control"] = "no-store"
    return response


def from_file(handle, kind, filename, source):
    response = FileResponse(handle, content_type=TYPES[kind])
    return attachment(response, filename, source)


def busy():
    response = HttpResponse(
        "另一份 Excel 文件正在生成，请 10 秒后再试；急用请下载 CSV，它会立即开始下载。",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def take_build_slot():
    """The cache key of a free build slot, "" when the cache cannot say (fail open), or None
    when every slot is taken."""
    for slot in range(settings.EXPORT_BUILD_SLOTS):
        key = f"download-build-slot:{slot}"
        try:
            taken = cache.add(key, 1, BUILD_SLOT_SECONDS)
        except Exception:
            taken = None
        if taken is None:  # the cache is down (django-redis answers None)
            logger.warning("Download build slots not checked: the cache is unavailable")
            return ""
        if taken:
            return key
    return None


def release(slot):
    if slot:
        try:
            cache.delete(slot)
        except Exception:
            logger.warning("Could not release a download build slot", exc_info=True)


def built_xlsx(table, path, filename):
    slot = take_build_slot()
    if slot is None:
        return busy()
    try:
        if path is None:  # nowhere to keep it: a file deleted once served
            handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it
            write_xlsx_file(handle, table.headers, table.rows())
            handle.seek(0)
            return from_file(handle, "xlsx", filename, "built")
        part = part_for(path)
        try:
            write_xlsx_file(part, table.headers, table.rows())
            keep(part, path)
        finally:
            part.unlink(missing_ok=True)
        return from_file(open(path, "rb"), "xlsx", filename, "built")
    finally:
        release(slot)


def download(request, table, kind, filename, key):
    """The response for a public download of `table` as `kind` (csv, xlsx, json); `key` names
    its content (the dataset and its filters) among the files kept."""
    refused = too_many(
        request, "downloads", settings.EXPORT_RATE_LIMIT, settings.EXPORT_RATE_WINDOW
    )
    if refused is not None:
        return refused
    path = kept_file(key, kind)
    if path is not None:
        try:
            return from_file(open(path, "rb"), kind, filename, "kept")
        except FileNotFoundError:
            pass
    if kind == "xlsx":
        return built_xlsx(table, path, filename)
    chunks = STREAMS[kind](table)
    if path is not None:
        chunks = kept_while_streaming(chunks, path)
    return attachment(StreamingHttpResponse(chunks, content_type=TYPES[kind]), filename, "streamed")
