"""Load generators for `make bench-web`: Debian's wrk, or a Python client when wrk is missing.

Both keep `connections` requests in flight for `duration` seconds and report completed
requests, errors (connection errors, timeouts, statuses other than 2xx/3xx) and latency
percentiles of the completed requests. gunicorn's sync workers close the connection after each
response, so every request opens a connection, as a browser behind no proxy would.
"""

import asyncio
import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "jlsite-bench"}
REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")


def wrk_available(install=False):
    """True when wrk is on PATH; with `install`, try Debian's package first."""
    if shutil.which("wrk"):
        return True
    if install and shutil.which("apt-get"):
        print("安装 wrk（apt-get install wrk）…", flush=True)
        wait = ["-o", "DPkg::Lock::Timeout=300"]  # another install may hold the lock
        for command in (["update", "-qq"], ["install", "-y", "-qq", "wrk"]):
            subprocess.run(
                ["apt-get", *wait, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
    return bool(shutil.which("wrk"))


def run_wrk(url, connections, duration, timeout):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(REPORT_SCRIPT), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report = json.loads(output[output.rindex("{") :])
    errors = sum(report[k] for k in ("connect", "read", "write", "status", "timeout"))
    return summary(
        report["requests"] - report["status"],
        errors,
        report["duration_us"] / 1e6,
        report["p50_us"] / 1e3,
        report["p99_us"] / 1e3,
    )


def summary(completed, errors, seconds, p50_ms, p99_ms):
    return {
        "completed": completed,
        "errors": errors,
        "rps": completed / seconds if seconds else 0.0,
        "p50": p50_ms if completed else None,
        "p99": p99_ms if completed else None,
    }


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def one_request(host, port, raw, timeout):
    """Status of one request on a fresh connection, read to the end."""

    async def exchange():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(raw)
            await writer.drain()
            status_line = await reader.readline()
            while await reader.read(65536):
                pass
            return int(status_line.split()[1])
        finally:
            writer.close()

    return await asyncio.wait_for(exchange(), timeout)


async def python_load(url, connections, duration, timeout):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}"]
    lines += [f"{name}: {value}" for name, value in HEADERS.items()]
    raw = ("\r\n".join([*lines, "Connection: close", "", ""])).encode()
    latencies, errors = [], 0
    deadline = time.perf_counter() + duration

    async def client():
        nonlocal errors
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status = await one_request(parts.hostname, parts.port, raw, timeout)
            except (OSError, TimeoutError, ValueError, IndexError):
                errors += 1
                continue
            if time.perf_counter() > deadline:
                return  # finished after the run, as wrk would not count it
            if 200 <= status < 400:
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors += 1

    start = time.perf_counter()
    tasks = [asyncio.create_task(client()) for _ in range(connections)]
    await asyncio.wait(tasks, timeout=duration)
    for task in tasks:
        task.cancel()
    seconds = time.perf_counter() - start
    latencies.sort()
    return summary(
        len(latencies), errors, seconds, percentile(latencies, 0.5), percentile(latencies, 0.99)
    )


def run_python(url, connections, duration, timeout):
    return asyncio.run(python_load(url, connections, duration, timeout))


class LoadGenerator:
    def __init__(self, prefer_wrk=True, install=True):
        self.uses_wrk = prefer_wrk and wrk_available(install)
        self.label = "wrk" if self.uses_wrk else "Python 客户端（asyncio，未找到 wrk）"

    def __call__(self, url, connections, duration, timeout):
        run = run_wrk if self.uses_wrk else run_python
        return run(url, connections, duration, timeout)
