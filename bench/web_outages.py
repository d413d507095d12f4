"""What the public site does while Redis or PostgreSQL is away (variants of bench/web.py).

"redis-down": the server started with REDIS_URL on a port where nothing listens; the home page
and the project list are driven as in the uncached run, whose p99 they are compared with (goal:
within +50 ms, no errors).

"db-restart": a client requests the home page (uncached) every 50 ms while PostgreSQL goes
away for a few seconds and comes back. The outage is made on the benchmark's database only, so
that other databases on the shared server are not disturbed: connections to it are refused
(`ALLOW_CONNECTIONS false`) and the server's open ones are terminated, as a restart does to
them; then connections are allowed again. Printed: errors before, during and after the
outage (each answer filed under the moment it came), and the seconds from the database's
return to the first of an unbroken run of successful answers (goal: < 5 s, errors only while
it is down).
"""

import socket
import threading
import time
import urllib.error
import urllib.request

from bench.web_load import HEADERS

OUTAGE_SECONDS = 4
PROBE_INTERVAL = 0.05


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: nothing listens there


def probe(url):
    """True when the page answers 200, else what came instead."""
    request = urllib.request.Request(url, headers=HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return True
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (OSError, urllib.error.URLError) as error:
        return str(error)[:80]


def redis_down(bench, environment, size, paths):
    """Measure `paths` with Redis unreachable; returns the rows measured."""
    server = bench.server
    print(f"\n== {size:,} 个项目，Redis 停止（REDIS_URL 指向无人监听的端口）", flush=True)
    server.stop()
    server.start(environment(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0"))
    rows = []
    for key, path in paths.items():
        bench.measure(size, "redis-down", key, path, {})
        rows.append(bench.rows[-1])
    server.stop()
    server.start(environment())
    normal = {r["key"]: r for r in bench.rows if r["size"] == size and r["variant"] == "uncached"}
    for row in rows:
        base = normal.get(row["key"])
        if base and row["p99"] is not None and base["p99"] is not None:
            extra = row["p99"] - base["p99"]
            met = extra <= 50 and row["errors"] == 0
            print(
                f"  {row['label']}：p99 {row['p99']:.0f} ms，正常 {base['p99']:.0f} ms，"
                f"多 {extra:+.0f} ms，错误 {row['errors']}；目标 +50 ms 以内且无错误："
                f"{'达标' if met else '未达标'}",
                flush=True,
            )
    return rows


def database_restart(bench, environment, postgres, database, size):
    """Take the benchmark's database away for OUTAGE_SECONDS while probing the home page."""
    server = bench.server
    print(f"\n== {size:,} 个项目，PostgreSQL 中断 {OUTAGE_SECONDS} 秒后恢复（首页，不用页面缓存）")
    server.stop()
    server.start(environment())
    url = server.base + "/"
    results, stop = [], threading.Event()

    def prober():
        # Filed under the time the answer came: a request sent just before the outage began
        # and answered after it is one of the outage's, not an error "before" it.
        while not stop.is_set():
            answer = probe(url)
            results.append((time.monotonic(), answer))
            time.sleep(PROBE_INTERVAL)

    thread = threading.Thread(target=prober, daemon=True)
    thread.start()
    time.sleep(2)
    down = time.monotonic()
    postgres(
        f"ALTER DATABASE {database} ALLOW_CONNECTIONS false",
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'",
    )
    time.sleep(OUTAGE_SECONDS)
    postgres(f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")
    up = time.monotonic()
    time.sleep(8)
    stop.set()
    thread.join()

    before = [ok is True for at, ok in results if at < down]
    during = [ok is True for at, ok in results if down <= at < up]
    after = [(at, ok is True) for at, ok in results if at >= up]
    failures_after = [at for at, ok in after if not ok]
    reasons = sorted({ok for _, ok in results if ok is not True})
    recovered = (max(failures_after) - up + PROBE_INTERVAL) if failures_after else 0.0
    print(
        f"  中断前：{len(before)} 次请求，错误 {before.count(False)}；"
        f"中断中：{len(during)} 次，错误 {during.count(False)}；"
        f"恢复后：{len(after)} 次，错误 {len(failures_after)}"
        + (f"（{'；'.join(reasons)}）" if reasons else "")
    )
    met = not before.count(False) and recovered < 5 and after and after[-1][1]
    print(
        f"  数据库恢复到持续正常应答：{recovered:.1f} 秒；目标 < 5 秒且只在中断时出错："
        f"{'达标' if met else '未达标'}",
        flush=True,
    )
