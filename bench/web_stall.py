"""The stall test of bench/web.py: six anonymous clients download the full XLSX export over and
over while the home page is measured.

Each client names its own address (X-Real-IP, as a proxy would) and is held to the download
limit; a background worker (below the web workers' priority) writes the file. Printed: the
home page's req/s and p99 under wrk, the exports done and the answers 202 (being written), 429
(limit) and 503 (the server's download slots busy), and a timeline per STEP seconds: what the
exporters got, how long the app held a worker per download (gunicorn's access log), and the
slowest answer of a home-page probe that asks once every PROBE_INTERVAL seconds, so that a
slow stretch can be told apart from the moment that causes it.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from bench.web_load import HEADERS

ROOT = Path(__file__).resolve().parent.parent
STEP = 15
PROBE_INTERVAL = 0.25
# gunicorn.conf.py's format; gunicorn writes the time in brackets of its own, inside ours.
ACCESS_LINE = re.compile(r'\[+([^\[\]]+)\]+ "GET (\S+) [^"]*" (\d{3}) \S+ (\d+)ms')


def held_per_step(access_log, start_wall, seconds):
    """Per timeline step: the export requests the access log holds, as (count, ms held) per
    status, and the export time the workers spent in all."""
    steps = defaultdict(lambda: defaultdict(list))
    try:
        lines = access_log.read_text(errors="replace").splitlines()
    except OSError:
        return steps
    for line in lines:
        match = ACCESS_LINE.search(line)
        if not match or "/export." not in match.group(2):
            continue
        at = datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if start_wall <= at <= start_wall + seconds + 1:
            step = int((at - start_wall) // STEP)
            steps[step][match.group(3)].append(int(match.group(4)))
    return steps


def run(bench, size, seconds, slots):
    server = bench.server
    bound = f"应用同时发送下载至多 {slots} 个" if slots else "应用发送下载不设上限"
    print(
        f"\n== {size:,} 个项目，卡顿测试：6 个匿名客户端反复下载全部项目 XLSX（{bound}）",
        flush=True,
    )
    plain = server.env
    limited = {**plain, "CLIENT_IP_HEADER": "X-Real-IP", "EXPORT_RATE_LIMIT": "6",
               "EXPORT_SLOTS": str(slots),
               "EXPORT_CACHE_DIR": str(server.folder / f"exports-{slots}")}  # fmt: skip
    server.stop()
    server.start(limited)
    worker = subprocess.Popen(
        # Below the web workers' priority, as on a server shared with them.
        ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--no-startup-delay",
         "--interval", "0.5"],
        cwd=ROOT, env=limited,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    first_byte = bench.first_byte("/projects/export.csv")
    print(f"  全部项目 CSV 导出的首字节：{first_byte}（目标 < 1 秒）", flush=True)
    server.ensure_idle()
    url = server.base + "/projects/export.xlsx"
    start, start_wall = time.monotonic(), time.time()
    stop = start + seconds
    events, lock = [], threading.Lock()  # (seconds since start, outcome, seconds taken)

    def note(outcome, began):
        with lock:
            events.append((began - start, outcome, time.monotonic() - began))

    def exporter(number):
        headers = {**HEADERS, "X-Real-IP": f"10.0.0.{number + 1}"}
        while time.monotonic() < stop:
            began = time.monotonic()
            try:
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    if response.status == 202:  # the worker is writing the file
                        note(202, began)
                        time.sleep(int(response.headers.get("Retry-After") or 1))
                        continue
            except urllib.error.HTTPError as error:
                note(error.code, began)
                time.sleep(min(10, int(error.headers.get("Retry-After") or 1)))
                continue
            except (OSError, urllib.error.URLError):
                if time.monotonic() < stop:  # not one cut short by the end of the test
                    note("error", began)
                continue
            note(200, began)

    probes = []  # (seconds since start, seconds the home page took)

    def prober():
        while time.monotonic() < stop:
            began = time.monotonic()
            try:
                request = urllib.request.Request(server.base + "/", headers=HEADERS)
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except (OSError, urllib.error.URLError):
                pass
            probes.append((began - start, time.monotonic() - began))
            time.sleep(PROBE_INTERVAL)

    threads = [threading.Thread(target=exporter, args=(n,), daemon=True) for n in range(6)]
    threads.append(threading.Thread(target=prober, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(1)
    home = bench.run("/", seconds, connections=4, timeout=30)
    for thread in threads:
        thread.join(timeout=5)
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait()
    server.stop()
    held = held_per_step(server.folder / "access.log", start_wall, seconds)
    server.start(plain)
    report(home, events, probes, held, seconds)


def report(home, events, probes, held, seconds):
    done = [taken for _, outcome, taken in events if outcome == 200]
    count = defaultdict(int)
    for _, outcome, _ in events:
        count[outcome] += 1
    mean = f"{sum(done) / len(done):.1f} 秒" if done else f"没有一次在 {seconds} 秒内完成"
    p99 = home["p99"]
    p50, shown = (("—" if v is None else f"{v:.0f}ms") for v in (home["p50"], p99))
    print(
        f"  首页（4 个连接）：{home['rps']:.1f} 请求/秒  p50 {p50}  p99 {shown}  "
        f"完成 {home['completed']}  错误 {home['errors']}"
    )
    other = sum(n for outcome, n in count.items() if outcome not in (200, 202, 429, 503))
    print(
        f"  导出：完成 {len(done)} 次（平均 {mean}），生成中 202：{count[202]} 次，"
        f"限流 429：{count[429]} 次，繁忙 503：{count[503]} 次，其他错误 {other} 次"
    )
    print(f"  时间线（每 {STEP} 秒）：导出客户端所得 · 应用进程发送下载所占时间 · 首页探测最慢")
    for step in range((seconds + STEP - 1) // STEP):
        here = [e for e in events if step * STEP <= e[0] < (step + 1) * STEP]
        outcomes = defaultdict(int)
        for _, outcome, _ in here:
            outcomes[outcome] += 1
        got = " ".join(f"{k}×{v}" for k, v in sorted(outcomes.items(), key=str)) or "—"
        by_status = held.get(step, {})
        sent = by_status.get("200", [])
        busy = sum(sum(v) for v in by_status.values()) / 1000
        workers = (
            f"200×{len(sent)} 各 {sum(sent) / len(sent):.0f}ms，共占 {busy:.1f} 秒"
            if sent
            else f"共占 {busy:.1f} 秒"
        )
        slowest = max((taken for at, taken in probes if step * STEP <= at < (step + 1) * STEP),
                      default=None)  # fmt: skip
        probe = "—" if slowest is None else f"{slowest * 1000:.0f}ms"
        span = f"{step * STEP:>3}–{(step + 1) * STEP:<3}秒"
        print(f"    {span}  {got:<28} {workers:<28} 首页 {probe}")
    goal_met = p99 is not None and p99 <= 500
    print(f"  目标：首页 p99 < 500 ms：{'达标' if goal_met else '未达标'}", flush=True)
