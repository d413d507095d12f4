"""The web benchmark's verdicts: what counts as a page meeting the issue's goals."""

from bench import web
from jlsite import sitemaps


def row(key, label, rps, p99=0.1, errors=0, seconds=0.05, variant="uncached", size=100_000):
    return {
        "key": key, "label": label, "rps": rps, "p99": p99, "errors": errors,
        "seconds": seconds, "variant": variant, "size": size, "static_rps": 4000,
    }  # fmt: skip


def test_the_benchmark_knows_the_sitemap_part_size():
    assert web.PART_SIZE == sitemaps.PART_SIZE


def test_a_page_with_errors_misses_its_goal_and_downloads_are_judged_apart():
    found = "\n".join(
        web.verdicts(
            [
                row("home", "首页", 120),
                row("event", "活动", 120, errors=3),
                row("export-csv", "导出", 300, errors=600),
                row("sitemap-part", "分块", 150, seconds=0.25),
            ],
            100_000,
        )
    )
    assert "2/3 页达标；未达标：活动" in found  # the download is not among the pages
    assert "导出：下载一次只发一个" in found
    assert "分块（500 个地址）单独请求一次：250 ms（进程内，目标 < 200 ms）：未达标" in found
