import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from projects.models import Company, Project
from tests.spreadsheet_files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所在地区", "投资方", "总投资（亿元）"]


def run(*args):
    out = StringIO()
    call_command("import_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "项目.csv"
    path.write_bytes(
        csv_bytes(
            [HEADERS, ["P1", "甲", "长春", "新企业", "12.5"], ["P2", "乙", "吉林", "", ""]], "gbk"
        )
    )
    return path


def test_imports_and_prints_a_summary(good_file):
    output = run("projects", str(good_file))
    assert "项目：新增 2，更新 0，未变 0，错误 0" in output
    assert "第1行是表头" in output
    assert "新建企业 1 个：新企业" in output
    assert "导入完成" in output
    assert Project.objects.count() == 2


def test_second_run_is_all_unchanged(good_file):
    run("projects", str(good_file))
    assert "新增 0，更新 0，未变 2，错误 0" in run("projects", str(good_file))


def test_dry_run_writes_nothing(good_file):
    output = run("projects", str(good_file), "--dry-run")
    assert "新增 2" in output
    assert "试运行" in output
    assert not Project.objects.exists()
    assert not Company.objects.exists()


def test_row_errors_exit_1_list_every_error_and_write_nothing(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                HEADERS,
                ["P1", "甲", "长春", "", "1"],
                ["P2", "乙", "长春县", "", "-1"],
                ["P3", "丙", "", "", ""],
            ]
        )
    )
    out = StringIO()
    with pytest.raises(CommandError, match="有 2 处错误，没有写入任何数据") as raised:
        call_command("import_data", "projects", str(path), stdout=out)
    assert raised.value.returncode == 1
    assert "第3行「所在地区」：未知地区「长春县」" in out.getvalue()
    assert "第3行「总投资（亿元）」：不能为负数「-1」" in out.getvalue()
    assert not Project.objects.exists()


def test_header_errors_exit_1(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["名称"], ["甲"]]))
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "projects", str(path), stdout=out)
    assert raised.value.returncode == 1
    assert "无法识别的表头「名称」" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "文件是空的"),
        ("junk.csv", bytes(range(256)) * 20, "不是可以识别的 CSV 文本"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "设置了打开密码"),
        ("old.xls", b"x", "不支持 .xls 格式"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as raised:
        run("projects", str(path))
    assert raised.value.returncode == 2


def test_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件") as raised:
        run("projects", str(tmp_path / "none.csv"))
    assert raised.value.returncode == 2


def test_encoding_option(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(csv_bytes([HEADERS, ["P1", "吉林项目", "", "", ""]], "gbk"))
    run("projects", str(path), "--encoding", "gbk")
    assert Project.objects.get().name == "吉林项目"
    with pytest.raises(CommandError, match="不是 utf-8 编码") as raised:
        run("projects", str(path), "--encoding", "utf-8")
    assert raised.value.returncode == 2


def test_unknown_resource_is_refused(good_file):
    with pytest.raises(CommandError, match="invalid choice"):
        run("robots", str(good_file))


def test_exit_status_from_the_shell(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_data", "projects", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "jlsite.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert "文件是空的" in done.stderr


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_command_writes_the_import_headers(demo, tmp_path, kind):
    path = tmp_path / f"projects.{kind}"
    out = StringIO()
    call_command("export_data", "projects", str(path), stdout=out)
    assert f"已导出 {Project.objects.count()} 行" in out.getvalue()
    assert f"未变 {Project.objects.count()}，" in run("projects", str(path))


def test_export_command_refuses_other_extensions(tmp_path):
    with pytest.raises(CommandError, match="只支持") as raised:
        call_command("export_data", "projects", str(tmp_path / "x.json"))
    assert raised.value.returncode == 2


def test_an_import_tells_listeners_which_records_it_wrote(good_file):
    from django.db.models.signals import post_save

    from spreadsheets.signals import records_imported

    received, saves = [], []

    def listener(sender, pks, **kwargs):
        received.append((sender, sorted(pks)))

    def on_save(sender, **kwargs):
        saves.append(sender)

    records_imported.connect(listener)
    post_save.connect(on_save, sender=Project)
    try:
        run("projects", str(good_file), "--dry-run")
        assert received == []  # a dry run writes nothing, so it tells nothing
        run("projects", str(good_file))
        run("projects", str(good_file))  # all unchanged: nothing written, nothing told
    finally:
        records_imported.disconnect(listener)
        post_save.disconnect(on_save, sender=Project)
    assert saves == []  # the bulk path skips save(): the signal is how listeners hear of it
    assert received == [(Project, sorted(Project.objects.values_list("pk", flat=True)))]


def test_a_nul_byte_after_the_first_64_kb_names_its_row_and_column(tmp_path):
    rows = [HEADERS] + [
        [f"P{n}", f"吉林省长春市新能源汽车零部件产业园项目{n}", "长春", "", ""] for n in range(3000)
    ]
    rows[2500][1] = "坏\x00名称"
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    assert path.stat().st_size > 64 * 1024
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "projects", str(path), stdout=out)
    assert raised.value.returncode == 1
    assert "第2501行「项目名称」：含有无法保存的不可见字符" in out.getvalue()
    assert not Project.objects.exists()


def test_an_unknown_header_suggests_the_nearest_known_one(tmp_path):
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes([["项目名称", "总投资(万元)", "负责人"], ["甲", "1", "张三"]]))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "projects", str(path), stdout=out)
    assert (
        "无法识别的表头「总投资(万元)」（您是否想用「总投资（亿元）」？）、「负责人」："
        in out.getvalue()
    )


def test_output_lists_at_most_twenty_of_a_kind_and_counts_the_rest(tmp_path):
    rows = [HEADERS] + [[f"P{n}", f"项目{n}", "长春", f"新企业{n}", ""] for n in range(300)]
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes(rows))
    output = run("projects", str(path), "--dry-run")
    assert "新建企业 300 个：新企业0、新企业1" in output
    assert "新企业19 等" in output and "新企业20" not in output

    bad = [HEADERS] + [[f"P{n}", f"项目{n}", f"火星{n}", "", ""] for n in range(300)]
    path.write_bytes(csv_bytes(bad))
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "projects", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert sum("未知地区" in line for line in lines) == 20
    assert "……「所在地区」还有 280 处错误" in out.getvalue()
    assert "有 300 处错误，没有写入任何数据。" in str(raised.value)


def test_report_file_has_every_row_with_its_result(tmp_path):
    from tests.spreadsheet_files import xlsx_rows

    Project.objects.create(code="P1", name="甲")
    rows = [
        HEADERS,
        ["P1", "甲改", "长春", "", ""],
        ["P2", "乙", "火星", "", ""],
        ["P3", "丙", "", "", ""],
    ]
    path, report = tmp_path / "项目.csv", tmp_path / "报告.xlsx"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError):
        call_command(
            "import_data", "projects", str(path), "--report", str(report), stdout=StringIO()
        )
    cells = [[c.value for c in row] for row in xlsx_rows(report.read_bytes())]
    assert cells[0] == [*HEADERS, "导入结果", "说明"]
    assert cells[1][-2:] == ["更新", "修改：项目名称 甲 → 甲改；所在地区 （空） → 长春市"]
    assert cells[2][-2:] == ["错误", "「所在地区」：未知地区「火星」"]
    assert cells[3][-2:] == ["新增", None]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_on_a_terminal_and_none_when_piped(good_file):
    on_terminal, piped = Terminal(), StringIO()
    call_command(
        "import_data",
        "projects",
        str(good_file),
        "--dry-run",
        stdout=StringIO(),
        stderr=on_terminal,
    )
    call_command(
        "import_data", "projects", str(good_file), "--dry-run", stdout=StringIO(), stderr=piped
    )
    assert "导入中" in on_terminal.getvalue() and "2/2" in on_terminal.getvalue()
    assert piped.getvalue() == ""


def test_clean_imports_deletes_expired_uploads(tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from spreadsheets import jobs
    from spreadsheets.models import ImportJob

    settings.IMPORT_UPLOAD_LIFETIME = 0
    job = jobs.start(
        "projects",
        SimpleUploadedFile("p.csv", csv_bytes([HEADERS, ["P1", "甲", "", "", ""]])),
        None,
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEWED and job.file
    out = StringIO()
    call_command("clean_imports", stdout=out)
    job.refresh_from_db()
    assert job.state == ImportJob.State.CANCELLED and not job.file
    assert "已清理" in out.getvalue()
