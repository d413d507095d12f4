"""Public downloads that cannot stall the site.

A download is rate-limited per client (serving.ratelimit); it comes from a file kept under the
content version (pagecache.versions) when one was made since the content last changed. Else CSV
and JSON stream row by row while a copy is kept for the next request, and an XLSX is written by
the background worker (openpyxl write-only, row by row, to a file; one job per file): the request
answers at once with a page that reloads until the file is there, and points to the CSV. Any
change to public content gives a new version, so files of the old one are never served and are
deleted when the next file is kept. The app's workers send at most EXPORT_SLOTS downloads at
a time (serving.slots); with EXPORT_ACCEL_REDIRECT, nginx sends the kept files instead.

CSV is UTF-8 with a BOM, or with `?encoding=gbk` GB18030 for older Excel, which opens CSV in
the system's code page (936, GBK) and shows UTF-8 as mojibake. GB18030 writes every GBK
character in GBK's own bytes and the few characters GBK lacks (rare names' characters, emoji)
in four bytes instead of losing them: such a cell looks garbled in old Excel but reads back
exactly in anything that knows GB18030. Files are kept per encoding.

Domain apps register what can be downloaded with `@source("name")`: a function from the GET
parameters (already validated) to a Table; the worker finds it by name.
"""

import gzip
import hashlib
import json
import logging
import os
import shutil
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
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise

from pagecache.versions import VERSION_KEY, content_version
from spreadsheets.writing import CONTENT_TYPES, csv_chunks, write_xlsx_file

from . import slots
from .ratelimit import too_many

logger = logging.getLogger(__name__)

TYPES = {**CONTENT_TYPES, "json": "application/json"}
ENCODINGS = {"utf-8": None, "gbk": "gb18030"}  # ?encoding= for CSV: Python's codec for it
FILE_BLOCK_SIZE = 512 * 1024
COMPRESSIBLE = (".csv", ".json")
BUILD_SECONDS = 600  # a build that dies without a word is tried again after this
SOURCES = {}


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


def source(name):
    """Register `factory(params) → Table` as the download called `name`."""

    def register(factory):
        SOURCES[name] = factory
        return factory

    return register


def content_key(name, params):
    return name + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v)


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)  # at most 14 significant digits: the float prints back exactly
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Promise):  # a choice's label, translatable
        return str(value)
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


def transcoded(chunks, codec):
    """UTF-8 CSV chunks (each whole rows, the first with a BOM) in `codec`, without a BOM."""
    for number, chunk in enumerate(chunks):
        text = chunk.decode("utf-8-sig" if number == 0 else "utf-8")
        yield text.encode(codec)


# Files kept under the content version


def folder():
    path = Path(settings.EXPORT_CACHE_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def kept_file(key, kind):
    """Where the file for `key` is kept under the current content version; None without one."""
    version = content_version()
    try:  # a version the cache could not keep (Redis down) would name a new file every time
        if version is None or cache.get(VERSION_KEY) != version:
            return None
    except Exception:
        return None
    digest = hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:32]
    try:
        return folder() / f"{version['id']}-{digest}.{kind}"
    except OSError:
        logger.warning("No folder for kept downloads", exc_info=True)
        return None


def keep(part, path):
    """Move a finished `part` into place and delete the files of older versions; a file
    finished after the content changed is dropped instead."""
    version = path.name.split("-", 1)[0]
    current = content_version()
    if current is None or current["id"] != version:
        part.unlink(missing_ok=True)
        return
    os.replace(part, path)
    if path.suffix in COMPRESSIBLE:
        compress(path)
    for other in path.parent.iterdir():
        try:
            if other.is_dir():
                continue
            stale = not other.name.startswith(version + "-")
            if other.name.startswith("."):  # another request's file still being written
                stale = time.time() - other.stat().st_mtime > BUILD_SECONDS
            if stale:
                other.unlink(missing_ok=True)
        except FileNotFoundError:  # deleted meanwhile by another server process
            pass


def compress(path):
    """A gzip copy beside a kept text file: compressing a large file on every request would
    cost more than reading it."""
    part = part_for(path)
    try:
        with open(path, "rb") as source, gzip.open(part, "wb", compresslevel=6) as target:
            shutil.copyfileobj(source, target, FILE_BLOCK_SIZE)
        os.replace(part, gzipped(path))
    except OSError:
        logger.warning("Could not compress a kept download", exc_info=True)
        part.unlink(missing_ok=True)


def gzipped(path):
    return path.with_name(path.name + ".gz")


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
    # Large blocks: gzip (serving.compression) flushes once a block, and small ones cost it
    # ten times the time of the whole file.
    response.block_size = FILE_BLOCK_SIZE
    return attachment(response, filename, source)


def pending(request):
    """The answer while the worker writes the file: a page that reloads until it is there."""
    csv_address = request.path.removesuffix(".xlsx") + ".csv"
    if request.GET:
        csv_address += "?" + request.GET.urlencode()
    body = render_to_string("download_pending.html", {"csv_address": csv_address}, request)
    response = HttpResponse(body, status=202)
    response["Retry-After"] = response["Refresh"] = "10"
    response["Cache-Control"] = "no-store"
    return response


@task()
def build_xlsx(name, params):
    """Write the XLSX of download `name` for `params` and keep it under the current version."""
    path = kept_file(content_key(name, params), "xlsx")
    try:
        if path is not None and not path.exists():
            table = SOURCES[name](params)
            part = part_for(path)
            try:
                write_xlsx_file(part, table.headers, table.rows())
                keep(part, path)
            finally:
                part.unlink(missing_ok=True)
    finally:
        if path is not None:
            release(path)


def building(path):
    try:
        return cache.get(f"download-build:{path.name}") is not None
    except Exception:
        return False


def claim(path):
    """True when this request should ask for `path` to be written (nobody has yet)."""
    try:
        return cache.add(f"download-build:{path.name}", 1, BUILD_SECONDS) is not False
    except Exception:
        logger.warning("Download builds not deduplicated: the cache is unavailable", exc_info=True)
        return True


def release(path):
    try:
        cache.delete(f"download-build:{path.name}")
    except Exception:
        logger.warning("Could not release a download build", exc_info=True)


def xlsx(request, name, params, path, filename, slot):
    if path is None:  # no content version (the cache is down): written here, deleted once sent
        table = SOURCES[name](params)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            write_xlsx_file(handle, table.headers, table.rows())
            handle.flush()
            opened = slots.opened(handle.name, slot)  # still readable once unlinked
        return from_file(opened, "xlsx", filename, "built")
    if claim(path):
        build_xlsx.enqueue(name, params)
    try:  # written already (a worker that runs tasks at once, or a fast one)
        return from_file(slots.opened(path, slot), "xlsx", filename, "built")
    except FileNotFoundError:
        return pending(request)


def kept_response(request, path, kind, filename, slot):
    """The kept file, gzipped when the client takes gzip and a gzip copy is there; the
    response frees `slot` once sent."""
    if "gzip" in request.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE:
        try:
            response = from_file(slots.opened(gzipped(path), slot), kind, filename, "kept")
        except FileNotFoundError:
            pass
        else:
            response["Content-Encoding"] = "gzip"  # serving.compression leaves it alone
            patch_vary_headers(response, ["Accept-Encoding"])
            return response
    try:
        return from_file(slots.opened(path, slot), kind, filename, "kept")
    except FileNotFoundError:
        return None


def accel_response(path, kind, filename):
    """The kept file sent by nginx (X-Accel-Redirect to its internal location for
    EXPORT_CACHE_DIR): the app worker is free as soon as the headers are out. nginx's
    `gzip_static on` there sends the gzip copy to clients that take gzip."""
    response = HttpResponse(content_type=TYPES[kind])
    response["X-Accel-Redirect"] = settings.EXPORT_ACCEL_REDIRECT.rstrip("/") + "/" + path.name
    return attachment(response, filename, "kept")


def download(request, name, params, kind, filename):
    """The response for a public download of source `name` with the (validated) GET `params`
    as `kind` (csv, xlsx, json); CSV in the `encoding` GET parameter's (utf-8, gbk)."""
    encoding = request.GET.get("encoding", "utf-8").lower() if kind == "csv" else "utf-8"
    if encoding not in ENCODINGS:
        return HttpResponseBadRequest(
            "不支持这种编码。CSV 可选 encoding=utf-8（默认）或 encoding=gbk（旧版 Excel）。",
            content_type="text/plain; charset=utf-8",
        )
    codec = ENCODINGS[encoding]
    key = content_key(name, params) + (f"|{encoding}" if codec else "")
    path = kept_file(key, kind)
    if kind == "xlsx" and path is not None and not path.exists() and building(path):
        return pending(request)  # a reader waiting for the worker: not another download
    if codec:
        filename = filename.replace(".csv", f"-{encoding}.csv")
    if path is not None and settings.EXPORT_ACCEL_REDIRECT and path.exists():
        return too_many_downloads(request) or encoded(accel_response(path, kind, filename), codec)
    slot = slots.take()
    if slot is None:  # not counted against the client: nothing was sent
        return slots.busy()
    if refused := too_many_downloads(request):
        slot.release()
        return refused
    try:
        response = sent_here(request, name, params, kind, filename, path, slot, codec)
    except BaseException:
        slot.release()
        raise
    if not response.streaming:  # a page, not a file: nothing left to send
        slot.release()
    return encoded(response, codec)


def too_many_downloads(request):
    return too_many(request, "downloads", settings.EXPORT_RATE_LIMIT, settings.EXPORT_RATE_WINDOW)


def encoded(response, codec):
    if codec and response.get("Content-Type", "").startswith("text/csv"):
        response["Content-Type"] = f"text/csv; charset={codec}"
    return response


def sent_here(request, name, params, kind, filename, path, slot, codec=None):
    """The download sent by this worker, which frees `slot` once it has sent it."""
    if path is not None:
        kept = kept_response(request, path, kind, filename, slot)
        if kept is not None:
            return kept
    if kind == "xlsx":
        return xlsx(request, name, params, path, filename, slot)
    chunks = STREAMS[kind](SOURCES[name](params))
    if codec:
        chunks = transcoded(chunks, codec)
    if path is not None:
        chunks = kept_while_streaming(chunks, path)
    chunks = slots.ReleasedAfter(chunks, slot)
    return attachment(StreamingHttpResponse(chunks, content_type=TYPES[kind]), filename, "streamed")
