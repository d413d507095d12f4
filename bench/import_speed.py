"""How fast staff spreadsheets load: the bulk import beside django-import-export's default path.

Generates synthetic project lists (10,000 and 100,000 rows, as GBK CSV the way Chinese Excel
saves it, and as XLSX) in a temporary folder, then times the whole command

    manage.py import_data projects <file>          (our bulk path)
    bench/run_default_path.py projects <file>     (django-import-export's default loop)
    bench/run_without_history.py projects <file>  (our bulk path, history off)

in a subprocess: Python and Django start-up, reading and decoding the file, and the import.
Peak memory is the subprocess's maximum resident set size (from wait4). Every run starts from a
fresh copy of a migrated database holding the demo's reference data (industries, companies),
so all rows are new; the bulk path is also timed re-importing the same file (all unchanged),
and, at the --history-sizes, without the history (django-reversion's one revision per import)
to show what recording it costs.

Databases: SQLite (files in the temporary folder) and PostgreSQL (databases jlsite_bench and
jlsite_bench_template, created and dropped here; the server from BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/postgres). Nothing touches the development database.

    .venv/bin/python bench/import_speed.py
    .venv/bin/python bench/import_speed.py --sizes 10000 --databases postgresql
    .venv/bin/python bench/import_speed.py --sizes 100000 --databases postgresql --default-sizes
"""

import argparse
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "jlsite_bench"
TEMPLATE_DB = "jlsite_bench_template"

HEADERS = [
    "项目编号", "项目名称", "所在地区", "所属产业", "投资方", "总投资（亿元）", "项目阶段",
    "签约日期", "开工日期", "投产日期", "项目简介", "发布状态",
]  # fmt: skip
REGIONS = ["长春市", "长春", "220100", "吉林市", "吉林", "四平", "220300", "辽源市", "通化",
           "白山市", "松原", "白城市", "延边", "梅河口", "220581", "长白山管委会", "农安县", "榆树",
           "蛟河市", "珲春", "延吉市", "公主岭市", "前郭尔罗斯蒙古族自治县", ""]  # fmt: skip
INDUSTRIES = ["现代新型汽车和零部件", "农产品及其深加工和食品细加工", "冰雪和避暑休闲生态旅游",
              "医药健康", "装备制造", "电子信息", "数字经济", "现代服务业"]  # fmt: skip
KNOWN_COMPANIES = ["奥迪", "一汽", "中车", "华润", "维信诺", "北科生物", "吉化", "京东"]
PLACES = ["长春", "吉林", "四平", "辽源", "通化", "白山", "松原", "白城", "延边", "珲春", "敦化"]
THINGS = ["新能源汽车零部件", "生物医药", "冰雪旅游度假区", "智能装备制造", "光电信息",
          "玉米深加工", "人参精深加工", "数字经济产业园", "储能电站", "风电场", "现代物流园",
          "碳纤维复合材料", "氢能装备", "半导体材料", "康养小镇", "冷链物流中心"]  # fmt: skip
KINDS = ["项目", "基地", "产业园", "工程", "中心"]
STAGES = ["谋划招商", "在谈", "已签约", "已开工在建", "已投产", ""]


def synthetic_rows(count, seed=20220911):
    """Project rows in the forms people type: names, short names, codes, 万元, 年月日…"""
    rnd = random.Random(seed)
    day = date(2020, 1, 1)
    for n in range(1, count + 1):
        signed = day + timedelta(days=rnd.randrange(1500))
        started = signed + timedelta(days=rnd.randrange(30, 400))
        amount = rnd.randrange(1, 2_000_000) / 100
        yield [
            f"BENCH-{n:06d}",
            f"{rnd.choice(PLACES)}{rnd.choice(THINGS)}{rnd.choice(KINDS)}（第{n}期）",
            rnd.choice(REGIONS),
            "、".join(rnd.sample(INDUSTRIES, rnd.randrange(0, 3))),
            f"{rnd.choice(KNOWN_COMPANIES)}、基准投资企业{rnd.randrange(2000):04d}有限公司",
            rnd.choice([f"{amount}", f"{amount}亿元", f"{int(amount * 10000)}万元"]),
            rnd.choice(STAGES),
            rnd.choice([signed.isoformat(), f"{signed.year}/{signed.month}/{signed.day}",
                        f"{signed.year}年{signed.month}月{signed.day}日"]),
            started.isoformat() if rnd.random() < 0.5 else "",
            "",
            f"合成基准数据第{n}行，用于测量导入速度，不属于演示数据。",
            rnd.choice(["已发布", "草稿", ""]),
        ]  # fmt: skip


def write_csv(path, count):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(synthetic_rows(count))
    path.write_bytes(out.getvalue().encode("gbk"))


def write_xlsx(path, count):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(HEADERS)
    for row in synthetic_rows(count):
        sheet.append(row)
    workbook.save(path)


# Databases


class SQLite:
    label = "SQLite"

    def __init__(self, folder):
        self.template = folder / "template.sqlite3"
        self.database = folder / "bench.sqlite3"

    def url(self, path):
        return f"sqlite:///{path}"

    def prepare(self):
        self.template.unlink(missing_ok=True)
        prepare_database(self.url(self.template))

    def fresh(self):
        shutil.copyfile(self.template, self.database)
        self.current = self.url(self.database)
        return self.current

    def drop(self):
        self.template.unlink(missing_ok=True)
        self.database.unlink(missing_ok=True)


class PostgreSQL:
    label = "PostgreSQL"

    def __init__(self, server_url):
        self.server_url = server_url
        self.base = server_url.rsplit("/", 1)[0]

    def execute(self, *statements):
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def available(self):
        try:
            self.execute("SELECT 1")
        except Exception as error:
            print(f"PostgreSQL 不可用，跳过：{error}")
            return False
        return True

    def prepare(self):
        self.drop()
        self.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        prepare_database(f"{self.base}/{TEMPLATE_DB}")

    def fresh(self):
        self.execute(
            f"DROP DATABASE IF EXISTS {BENCH_DB}",
            f"CREATE DATABASE {BENCH_DB} TEMPLATE {TEMPLATE_DB}",
        )
        self.current = f"{self.base}/{BENCH_DB}"
        return self.current

    def drop(self):
        self.execute(
            f"DROP DATABASE IF EXISTS {BENCH_DB}", f"DROP DATABASE IF EXISTS {TEMPLATE_DB}"
        )


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jlsite.settings.dev",
        "DEBUG": "False",
        "SECRET_KEY": "bench-only-not-a-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def manage(database_url, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database(database_url):
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "load_demo")


# Runs


def timed_import(database_url, path, engine, output):
    """(seconds, peak MB, exit status) of one import command."""
    if engine == "default":
        command = [sys.executable, "bench/run_default_path.py", "projects", str(path)]
    elif engine == "nohistory":
        command = [sys.executable, "bench/run_without_history.py", "projects", str(path)]
    else:
        # The operator publishes as given, as imports did before review (the rows' states
        # cost the same either way).
        command = [sys.executable, "manage.py", "import_data", "projects", str(path), "--publish"]
    with output.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment(database_url), stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def run(database, path, rows, engine, folder):
    """One timed import; "reimport" loads the file again into the database the run before
    filled, so every row is unchanged."""
    again = engine == "reimport"
    url = database.current if again else database.fresh()
    output = folder / "output.txt"
    seconds, peak, status = timed_import(url, path, "fast" if again else engine, output)
    summary = output.read_text().splitlines()[:1]
    expected = f"未变 {rows}" if again else f"新增 {rows}"
    if status != 0 or not summary or expected not in summary[0]:
        raise SystemExit(f"导入失败（{path.name}, {engine}）：\n{output.read_text()[:2000]}")
    return {"seconds": seconds, "peak": peak, "rate": rows / seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--default-sizes",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes also run through django-import-export's default path (slow)",
    )
    parser.add_argument(
        "--history-sizes",
        type=int,
        nargs="*",
        default=[100_000],
        help="sizes also imported with the history off, to time what recording it costs",
    )
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jlsite-bench-"))
    databases = []
    if "sqlite" in options.databases:
        databases.append(SQLite(folder))
    if "postgresql" in options.databases:
        postgres = PostgreSQL(POSTGRES_URL)
        if postgres.available():
            databases.append(postgres)

    results = []
    try:
        files = {}
        for size in options.sizes:
            for kind, writer in (("CSV", write_csv), ("XLSX", write_xlsx)):
                path = folder / f"projects-{size}.{kind.lower()}"
                writer(path, size)
                files[size, kind] = path
                print(f"生成 {path.name}：{path.stat().st_size / 1024 / 1024:.1f} MB", flush=True)
        for database in databases:
            print(f"准备 {database.label} 数据库…", flush=True)
            database.prepare()
            for (size, kind), path in files.items():
                engines = ["fast", "reimport"]
                if size in options.default_sizes:
                    engines.append("default")
                if size in options.history_sizes:
                    engines.append("nohistory")
                for engine in engines:
                    result = run(database, path, size, engine, folder)
                    result.update(database=database.label, size=size, kind=kind, engine=engine)
                    results.append(result)
                    print(line(result), flush=True)
    finally:
        for database in databases:
            database.drop()
        shutil.rmtree(folder, ignore_errors=True)

    print()
    print(table(results))
    print()
    for verdict in verdicts(results):
        print(verdict)


ENGINE_LABELS = {
    "fast": "批量导入（本项目）",
    "reimport": "批量导入：同一文件再导入（全部未变）",
    "default": "django-import-export 默认逐行方式",
    "nohistory": "批量导入，不记录修改历史",
}


def line(r):
    return (
        f"{r['database']:<10} {r['size']:>7,} {r['kind']:<4} {r['seconds']:>7.1f} 秒"
        f" {r['rate']:>7,.0f} 行/秒 {r['peak']:>5.0f} MB  {ENGINE_LABELS[r['engine']]}"
    )


def table(results):
    lines = ["数据库        行数 格式    用时        速度   峰值内存  方式"]
    lines += [line(r) for r in results]
    by_key = {(r["database"], r["size"], r["kind"], r["engine"]): r for r in results}
    for (database, size, kind, engine), r in by_key.items():
        default = by_key.get((database, size, kind, "default"))
        if engine == "fast" and default:
            ratio = default["seconds"] / r["seconds"]
            lines.append(f"  {database} {size:,} 行 {kind}：批量导入是默认方式的 {ratio:.1f} 倍")
        bare = by_key.get((database, size, kind, "nohistory"))
        if engine == "fast" and bare:
            lines.append(history_cost(database, size, kind, r, bare))
    return "\n".join(lines)


def history_cost(database, size, kind, recorded, bare):
    ratio = recorded["seconds"] / bare["seconds"]
    extra = recorded["seconds"] - bare["seconds"]
    return (
        f"  {database} {size:,} 行 {kind}：记录修改历史用时是不记录的 {ratio:.2f} 倍"
        f"（多 {extra:.1f} 秒，峰值内存 {recorded['peak']:.0f} / {bare['peak']:.0f} MB）"
    )


def verdicts(results):
    by_key = {(r["database"], r["size"], r["kind"], r["engine"]): r for r in results}
    targets = [
        ("PostgreSQL", 10_000, "CSV", "seconds", 5, "10,000 行 CSV（PostgreSQL）用时"),
        ("PostgreSQL", 10_000, "XLSX", "seconds", 8, "10,000 行 XLSX（PostgreSQL）用时"),
    ]
    found = []
    for database, size, kind, measure, limit, label in targets:
        r = by_key.get((database, size, kind, "fast"))
        if r:
            mark = "达标" if r[measure] < limit else "未达标"
            found.append(f"{label} {r[measure]:.1f} 秒，目标 < {limit} 秒：{mark}")
    for (database, size, kind, engine), r in by_key.items():
        default = by_key.get((database, size, kind, "default"))
        if engine == "fast" and default:
            ratio = default["seconds"] / r["seconds"]
            mark = "达标" if ratio >= 5 else "未达标"
            found.append(f"{database} {size:,} 行 {kind} 提速 {ratio:.1f} 倍，目标 ≥ 5 倍：{mark}")
    for database in ("SQLite", "PostgreSQL"):
        r = by_key.get((database, 100_000, "CSV", "fast"))
        if r:
            mark = "达标" if r["peak"] < 400 else "未达标"
            found.append(
                f"100,000 行 CSV（{database}）峰值内存 {r['peak']:.0f} MB，目标 < 400 MB：{mark}"
            )
    return found


if __name__ == "__main__":
    main()
