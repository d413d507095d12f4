import codecs
import os
import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from spreadsheets.files import (
    CFB_MAGIC,
    SpreadsheetError,
    check_size,
    decode_text,
    file_kind,
    header_key,
    read_spreadsheet,
)
from spreadsheets.writing import escape_formula, write_csv, write_template, write_xlsx
from tests.spreadsheet_files import csv_bytes, csv_rows, xlsx_bytes, xlsx_rows

ROWS = [
    ["项目名称", "所在地区", "总投资（亿元）"],
    ["奥迪一汽新能源汽车项目", "长春", "88.64"],
    ["华润中心", "长春市", "8864万元"],
]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16", b""),  # Python writes the BOM itself
    ],
)
def test_csv_in_every_encoding_is_detected(encoding, prefix):
    dataset = read_spreadsheet(prefix + csv_bytes(ROWS, encoding), "csv")
    assert dataset.headers == ROWS[0]
    assert [list(r) for r in dataset] == ROWS[1:]


def test_short_gbk_file_is_not_mistaken_for_korean():
    data = csv_bytes([["企业名称"], ["一汽"]], "gbk")
    assert [list(r) for r in read_spreadsheet(data, "csv")] == [["一汽"]]


def test_gb18030_only_characters():
    data = csv_bytes([["企业名称"], ["𠀀科技有限公司"]], "gb18030")
    assert list(read_spreadsheet(data, "csv")[0]) == ["𠀀科技有限公司"]


def test_encoding_can_be_given():
    data = csv_bytes(ROWS, "gbk")
    assert read_spreadsheet(data, "csv", encoding="gbk").headers == ROWS[0]
    with pytest.raises(SpreadsheetError, match="不是 utf-8 编码"):
        read_spreadsheet(data, "csv", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="未知的编码「klingon」"):
        read_spreadsheet(data, "csv", encoding="klingon")


def test_tab_and_semicolon_separated_text():
    text = "项目名称\t所在地区\n华润中心\t长春\n".encode()
    assert read_spreadsheet(text, "csv").headers == ["项目名称", "所在地区"]
    text = "项目名称;所在地区\n华润中心;长春\n".encode()
    assert list(read_spreadsheet(text, "csv")[0]) == ["华润中心", "长春"]


def test_xlsx_keeps_cell_types():
    dataset = read_spreadsheet(
        xlsx_bytes([["名称", "日期", "金额"], ["甲", date(2022, 6, 28), 88.64]]), "xlsx"
    )
    assert list(dataset[0]) == ["甲", datetime(2022, 6, 28), 88.64]


def test_xlsx_named_csv_is_read_as_xlsx():
    dataset = read_spreadsheet(xlsx_bytes(ROWS), "csv")
    assert dataset.headers == ROWS[0]


def test_blank_rows_keep_row_numbers_and_trailing_ones_are_dropped():
    rows = [ROWS[0], ROWS[1], [None, None, None], ROWS[2], [None] * 3, [""] * 3]
    dataset = read_spreadsheet(xlsx_bytes(rows), "xlsx")
    assert len(dataset) == 3  # the blank row 3 stays so that 华润中心 is still row 4
    assert dataset[2][0] == "华润中心"


def test_ragged_rows_are_padded_and_extra_cells_get_a_blank_header():
    data = "名称,地区\n甲\n乙,长春,多出来\n".encode()
    dataset = read_spreadsheet(data, "csv")
    assert dataset.headers == ["名称", "地区", ""]
    assert [list(r) for r in dataset] == [["甲", None, None], ["乙", "长春", "多出来"]]


BAD_FILES = {
    "empty": (b"", "csv", "文件是空的"),
    "empty xlsx": (b"", "xlsx", "文件是空的"),
    "only blank lines": (b"\r\n\r\n", "csv", "第1行（表头）是空的"),
    "headers only": (csv_bytes([ROWS[0]]), "csv", "只有表头，没有数据行"),
    "headers and blank rows": (csv_bytes([ROWS[0], ["", "", ""]]), "csv", "只有表头"),
    "headers only xlsx": (xlsx_bytes([ROWS[0]]), "xlsx", "只有表头，没有数据行"),
    "binary junk as csv": (random.Random(4).randbytes(5000), "csv", "不是可以识别的 CSV 文本"),
    "png as csv": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        "csv",
        "不是可以识别的 CSV",
    ),
    "truncated xlsx": (xlsx_bytes(ROWS)[:1500], "xlsx", "已损坏或不完整"),
    "truncated xlsx as csv": (xlsx_bytes(ROWS)[:1500], "csv", "已损坏或不完整"),
    "encrypted xlsx": (CFB_MAGIC + os.urandom(2000), "xlsx", "设置了打开密码"),
    "csv named xlsx": (csv_bytes(ROWS), "xlsx", "不是有效的 Excel 工作簿"),
    "zip that is no workbook": (b"PK\x03\x04" + bytes(100), "xlsx", "已损坏或不完整"),
    "expired upload": (None, "xlsx", "已过期"),
}


@pytest.mark.parametrize(("data", "kind", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_get_one_clear_message(data, kind, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_spreadsheet(data, kind)


def test_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    check_size(1024)
    with pytest.raises(SpreadsheetError, match="文件大小 98 KB，超过上限 1 KB"):
        check_size(100_000)
    with pytest.raises(SpreadsheetError, match="超过上限 20 MB"):
        check_size(21 * 1024 * 1024, limit=20 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "kind"), [("a.xlsx", "xlsx"), ("项目.CSV", "csv"), ("x.y.csv", "csv")]
)
def test_file_kind(name, kind):
    assert file_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "message"),
    [("a.xls", "不支持 .xls 格式"), ("a.txt", "只支持"), ("noextension", "只支持")],
)
def test_other_file_kinds_are_refused(name, message):
    with pytest.raises(SpreadsheetError, match=message):
        file_kind(name)


@pytest.mark.parametrize(
    "variant",
    [
        "总投资（亿元）",
        "总投资(亿元)",
        " 总投资（亿元） ",
        "总投资 (亿元)",
        "总投资\n（亿元）",
        "\ufeff总投资（亿元）",
        "总投资（亿元)",
    ],
)
def test_header_variants_match(variant):
    assert header_key(variant) == header_key("总投资（亿元）")


def test_fullwidth_digits_in_headers_match():
    assert header_key("公布１０亿元以上项目数") == header_key("公布10亿元以上项目数")


def test_decode_rejects_control_characters():
    with pytest.raises(SpreadsheetError):
        decode_text("名称\n".encode("gbk") + bytes(range(1, 9)) * 50 + "甲".encode("gbk"))


# Writing


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'])
def test_formula_like_text_is_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["普通", "1+1=2", "", 5, Decimal("-3"), date(2022, 1, 1), None])
def test_other_values_are_not_escaped(value):
    assert escape_formula(value) == value


EXPORT_HEADERS = ["文本", "金额", "负数", "日期", "时间", "空"]
EXPORT_ROW = [
    "=cmd|' /C calc'!A0",
    Decimal("88.6400"),
    Decimal("-3.5"),
    date(2022, 6, 28),
    datetime(2022, 9, 11, 9, 19, 53),
    None,
]


def test_csv_export_escapes_text_and_keeps_numbers_and_dates():
    data = write_csv(EXPORT_HEADERS, [EXPORT_ROW, ["-", Decimal("100.0000"), 0, None, None, ""]])
    assert data.startswith(codecs.BOM_UTF8)
    rows = csv_rows(data)
    assert rows[0] == EXPORT_HEADERS
    assert rows[1] == [
        "'=cmd|' /C calc'!A0",
        "88.64",
        "-3.5",
        "2022-06-28",
        "2022-09-11 09:19:53",
        "",
    ]
    assert rows[2] == ["'-", "100", "0", "", "", ""]


def test_xlsx_export_escapes_text_and_keeps_numbers_and_dates():
    data = write_xlsx(EXPORT_HEADERS, [EXPORT_ROW, ["+86 431", "@x", "\tx", "普通", "-", "a\x01b"]])
    header, row, second = xlsx_rows(data)
    assert [c.value for c in header] == EXPORT_HEADERS
    assert header[0].font.bold
    text, amount, negative, day, moment, blank = row
    assert (text.value, text.data_type) == ("'=cmd|' /C calc'!A0", "s")
    assert (amount.value, amount.data_type) == (88.64, "n")
    assert (negative.value, negative.data_type) == (-3.5, "n")
    assert day.value == datetime(2022, 6, 28) and day.is_date
    assert moment.value == datetime(2022, 9, 11, 9, 19, 53) and moment.is_date
    assert blank.value is None
    assert [c.value for c in second] == ["'+86 431", "'@x", "'\tx", "普通", "'-", "ab"]
    assert all(c.data_type == "s" for c in second)


def test_xlsx_refuses_a_cell_excel_cannot_open():
    with pytest.raises(SpreadsheetError, match="第3行「正文」有 40,000 字，超过 Excel 单元格上限"):
        write_xlsx(["标题", "正文"], [["甲", "短"], ["乙", "长" * 40_000]])
    assert write_csv(["正文"], [["长" * 40_000]])


def test_exported_files_read_back_the_same():
    rows = [["甲", Decimal("0.8864"), date(2022, 6, 28)]]
    back = read_spreadsheet(write_xlsx(["名称", "金额", "日期"], rows), "xlsx")
    assert list(back[0]) == ["甲", 0.8864, datetime(2022, 6, 28)]
    back = read_spreadsheet(write_csv(["名称", "金额", "日期"], rows), "csv")
    assert list(back[0]) == ["甲", "0.8864", "2022-06-28"]


def test_template_has_headers_and_notes():
    data = write_template(
        ["项目名称", "所在地区"], [("项目名称", True, "必填"), ("所在地区", False, "全称")]
    )
    headers = xlsx_rows(data, sheet=0)
    assert [c.value for c in headers[0]] == ["项目名称", "所在地区"]
    assert len(headers) == 1
    notes = [[c.value for c in row] for row in xlsx_rows(data, sheet=1)]
    assert ["项目名称", "是", "必填"] in notes
    assert ["所在地区", None, "全称"] in notes


# Files of any size, in any encoding Chinese Excel saves, and hostile archives


def gbk_file_with_a_character_across(boundary, rows):
    """A GBK CSV whose byte `boundary` is the second byte of a two-byte character."""
    for pad in range(4):
        lines = [["项目编号", "项目名称", "所在地区"]]
        lines += [[f"{'X' * pad if n == 0 else ''}P{n}", f"长春新能源汽车零部件项目{n}", "长春"]
                  for n in range(rows)]  # fmt: skip
        data = csv_bytes(lines, "gbk")
        if (
            len(data) > boundary
            and data[boundary - 1] >= 0x81
            and _starts_character(data, boundary - 1)
        ):
            return lines, data
    raise AssertionError("could not place a character across the boundary")


def _starts_character(data, index):
    """Whether data[index] begins a two-byte GBK character (counting from the line start)."""
    position = data.rfind(b"\n", 0, index) + 1
    while position < index:
        position += 2 if data[position] >= 0x81 else 1
    return position == index


@pytest.mark.parametrize("rows", [5, 800, 1000, 3000, 20_000])
def test_gbk_csv_of_any_size_is_detected(rows):
    lines = [["项目编号", "项目名称", "所在地区"]] + [
        [f"P{n}", f"吉林省长春市新能源汽车零部件产业园项目{n}", "长春"] for n in range(rows)
    ]
    dataset = read_spreadsheet(csv_bytes(lines, "gbk"), "csv")
    assert len(dataset) == rows
    assert list(dataset[-1]) == lines[-1]


@pytest.mark.parametrize("boundary", [64 * 1024, 128 * 1024])
def test_gbk_csv_is_detected_when_the_sample_cuts_a_character(boundary):
    lines, data = gbk_file_with_a_character_across(boundary, 5000)
    dataset = read_spreadsheet(data, "csv")
    assert len(dataset) == 5000
    assert list(dataset[-1]) == lines[-1]


def test_a_nul_byte_deep_in_a_csv_is_a_cell_problem_not_a_crash():
    from spreadsheets.parsing import CellError, parse_text

    lines = [["项目编号", "项目名称"]] + [[f"P{n}", f"项目{n}"] for n in range(5000)]
    lines[4000][1] = "坏\x00名称"
    dataset = read_spreadsheet(csv_bytes(lines, "utf-8"), "csv")  # the file itself is text
    with pytest.raises(CellError, match="无法保存的不可见字符"):
        parse_text(dataset[3999][1])


def xlsx_archive(parts):
    """An .xlsx-shaped zip from {name: bytes}, deflated."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_xlsx_that_expands_past_the_limit_is_refused_before_it_is_parsed(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_SIZE = 1024 * 1024
    real = xlsx_bytes(ROWS)
    import io
    import zipfile

    parts = {}
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        for info in archive.infolist():
            parts[info.filename] = archive.read(info)
    parts["xl/sharedStrings.xml"] = b"<sst>" + b"<si><t>A</t></si>" * 200_000 + b"</sst>"
    bomb = xlsx_archive(parts)
    assert len(bomb) < 100 * 1024
    with pytest.raises(SpreadsheetError, match="解压后"):
        read_spreadsheet(bomb, "xlsx")


def test_rows_past_the_limit_are_refused_while_reading(settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = [ROWS[0]] + [["项目", "长春", "1"]] * 101
    for data, kind in ((xlsx_bytes(rows), "xlsx"), (csv_bytes(rows), "csv")):
        with pytest.raises(SpreadsheetError, match="超过 100 行"):
            read_spreadsheet(data, kind)
    assert len(read_spreadsheet(csv_bytes(rows[:101]), "csv")) == 100


def test_columns_past_the_limit_are_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 20
    rows = [[f"列{n}" for n in range(21)], ["x"] * 21]
    with pytest.raises(SpreadsheetError, match="超过 20 列"):
        read_spreadsheet(xlsx_bytes(rows), "xlsx")


def test_xml_entity_expansion_in_an_xlsx_is_refused():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml
    real = xlsx_bytes(ROWS)
    import io
    import zipfile

    parts = {}
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        for info in archive.infolist():
            parts[info.filename] = archive.read(info)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]>"
    )
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b"<t>", b"<t>&lol9;", 1)  # the first cell expands to 10^9 "lol"s
    parts["xl/worksheets/sheet1.xml"] = laughs + sheet
    with pytest.raises(SpreadsheetError):
        read_spreadsheet(xlsx_archive(parts), "xlsx")


def test_a_csv_cell_longer_than_the_reader_accepts_names_its_row():
    long_cell = "长" * 300_000
    rows = [["项目名称", "项目简介"], ["甲", "短"], ["乙", long_cell]]
    dataset = read_spreadsheet(csv_bytes(rows), "csv")  # article bodies may be long
    assert dataset[1][1] == long_cell
    with pytest.raises(SpreadsheetError, match="第3行"):
        read_spreadsheet(csv_bytes([rows[0], rows[1], ["丙", "长" * 3_000_000]]), "csv")


def test_formatted_empty_rows_after_the_data_do_not_count_against_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = [ROWS[0]] + [["项目", "长春", "1"]] * 50 + [[None, None, ""]] * 300
    assert len(read_spreadsheet(xlsx_bytes(rows), "xlsx")) == 50


def test_a_csv_header_row_wider_than_the_limit_is_refused_with_its_width(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    data = ",".join(f"列{n}" for n in range(5000)).encode("gbk") + b"\r\n1\r\n"
    with pytest.raises(SpreadsheetError, match="第1行超过 10 列（有 5,000 列）"):
        read_spreadsheet(data, "csv")


def test_trailing_empty_header_cells_do_not_count_as_columns(settings):
    settings.IMPORT_MAX_COLUMNS = 3
    data = "项目名称,所在地区,总投资（亿元）,,,,,\r\n长春项目,长春,1\r\n".encode("gbk")
    assert read_spreadsheet(data, "csv")[0][0] == "长春项目"


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_csv_lines_end_as_any_system_writes_them_and_quoted_cells_keep_their_breaks(end):
    text = end.join(["项目名称,项目简介", f'长春项目,"第一行{end}第二行"', "吉林项目,无"]) + end
    dataset = read_spreadsheet(text.encode("gbk"), "csv")
    assert [row[0] for row in dataset] == ["长春项目", "吉林项目"]
    assert dataset[0][1] == f"第一行{end}第二行"


def test_a_sheet_over_the_row_limit_is_refused_before_openpyxl_parses_it(settings, monkeypatch):
    """openpyxl parses a whole sheet that does not state its size just to size it: a sheet of
    millions of rows took 40 s and 300 MB to refuse."""
    settings.IMPORT_MAX_ROWS = 100
    data = xlsx_bytes([ROWS[0]] + [["项目", "长春", "1"]] * 101)

    def parse(*args, **kwargs):
        raise AssertionError("the sheet was parsed")

    monkeypatch.setattr("spreadsheets.files.load_workbook", parse)
    with pytest.raises(SpreadsheetError, match="超过 100 行"):
        read_spreadsheet(data, "xlsx")
