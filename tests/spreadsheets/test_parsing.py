from datetime import date, datetime
from decimal import Decimal

import pytest

from projects.models import ProjectStage
from spreadsheets.parsing import (
    SHANGHAI,
    CellError,
    chinese_number,
    parse_amount,
    parse_boolean,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_integer,
    parse_text,
    split_values,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("88.64", Decimal("88.64")),
        ("88.64亿元", Decimal("88.64")),
        ("88.64亿", Decimal("88.64")),
        ("88.64 亿元", Decimal("88.64")),
        ("8864万元", Decimal("0.8864")),
        ("8864万", Decimal("0.8864")),
        ("１２.５", Decimal("12.5")),
        ("１２．５亿元", Decimal("12.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1，234.5", Decimal("1234.5")),
        ("12,345万元", Decimal("1.2345")),
        (" 5 ", Decimal("5")),
        ("0", Decimal("0")),
        (88.64, Decimal("88.64")),
        (12, Decimal("12")),
        (Decimal("0.8864"), Decimal("0.8864")),
        (0.1 + 0.2, Decimal("0.3")),  # a formula's float noise
        ("", None),
        (None, None),
        ("  ", None),
    ],
)
def test_amounts_as_people_type_them(typed, expected):
    parsed = parse_amount(typed)
    assert parsed == expected
    if expected is not None:
        assert isinstance(parsed, Decimal)


def test_ten_thousands_are_exact():
    assert parse_amount("8864万元") == Decimal("0.8864")
    assert str(parse_amount("8864万元")) == "0.8864"


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("-3", "不能为负数"),
        ("-3亿元", "不能为负数"),
        ("abc", "无法识别的金额「abc」"),
        ("约88亿", "无法识别的金额"),
        ("88.64美元", "无法识别的金额"),
        ("1.5万万", "无法识别的金额"),
        ("12345.5万元", "最多保留4位小数"),
        ("0.123456", "最多保留4位小数"),
        ("99999999999", "超出范围"),
        (True, "不是数字"),
    ],
)
def test_bad_amounts_say_why(typed, fragment):
    with pytest.raises(CellError, match=fragment):
        parse_amount(typed)


@pytest.mark.parametrize(
    ("typed", "kwargs", "expected"),
    [
        ("5.2%", {"percent": True}, Decimal("5.2")),
        ("-3.1％", {"percent": True}, Decimal("-3.1")),
        ("１,０００", {}, Decimal("1000")),
        (".5", {}, Decimal(".5")),
        (-2.5, {}, Decimal("-2.5")),
    ],
)
def test_decimals(typed, kwargs, expected):
    assert parse_decimal(typed, **kwargs) == expected


def test_decimal_limits():
    with pytest.raises(CellError, match="最多保留2位小数"):
        parse_decimal("1.234", places=2)
    with pytest.raises(CellError, match="不能为负数"):
        parse_decimal("-1", allow_negative=False)
    with pytest.raises(CellError, match="不是数字"):
        parse_decimal("5.2%")


@pytest.mark.parametrize(
    ("typed", "kwargs", "expected"),
    [
        ("40", {}, 40),
        (40.0, {}, 40),
        ("４０", {}, 40),
        ("40.0", {}, 40),
        ("2022年", {"unit": "年"}, 2022),
        ("6月", {"unit": "月"}, 6),
        ("第3条", {"ordinal": True}, 3),
        ("3条", {"ordinal": True}, 3),
        ("第三条", {"ordinal": True}, 3),
        ("第四十条", {"ordinal": True}, 40),
        ("一百零五", {}, 105),
        ("", {}, None),
    ],
)
def test_integers(typed, kwargs, expected):
    assert parse_integer(typed, **kwargs) == expected


def test_integer_problems():
    with pytest.raises(CellError, match="不是整数"):
        parse_integer("4.5")
    with pytest.raises(CellError, match="不是整数"):
        parse_integer(4.5)
    with pytest.raises(CellError, match="不能小于1"):
        parse_integer("0", minimum=1)
    with pytest.raises(CellError, match="不能大于12"):
        parse_integer("13", maximum=12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("十", 10), ("十二", 12), ("二十", 20), ("一百", 100), ("两千零三", 2003)],
)
def test_chinese_numerals(text, expected):
    assert chinese_number(text) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "2022-06-28",
        "2022/6/28",
        "2022.6.28",
        "2022年6月28日",
        "2022 年 6 月 28 日",
        "２０２２-０６-２８",
        "20220628",
        "2022-06-28 00:00:00",
        date(2022, 6, 28),
        datetime(2022, 6, 28),  # an Excel date cell, as openpyxl reads it
        44740,  # an Excel day number
        44740.0,
        "44740",
    ],
)
def test_dates_in_every_form(typed):
    assert parse_date(typed) == date(2022, 6, 28)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2022-02-30", "日期不存在"),
        ("下周一", "无法识别的日期「下周一」"),
        ("28/06/2022", "无法识别的日期"),
        (2022, "无法识别的日期"),  # a year in a date column, not day 2022 of 1900
        (True, "无法识别的日期"),
    ],
)
def test_bad_dates(typed, fragment):
    with pytest.raises(CellError, match=fragment):
        parse_date(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2022-09-11 09:19:53", datetime(2022, 9, 11, 9, 19, 53)),
        ("2022/9/11 9:19", datetime(2022, 9, 11, 9, 19)),
        ("2022年9月11日 9时19分", datetime(2022, 9, 11, 9, 19)),
        ("2022-09-11T09:19:53", datetime(2022, 9, 11, 9, 19, 53)),
        ("2022-09-11 09:19:53.5", datetime(2022, 9, 11, 9, 19, 53, 500000)),
        ("2022-09-11", datetime(2022, 9, 11)),
        (datetime(2022, 9, 11, 9, 19, 53), datetime(2022, 9, 11, 9, 19, 53)),
    ],
)
def test_datetimes_are_beijing_time(typed, expected):
    parsed = parse_datetime(typed)
    assert parsed == expected.replace(tzinfo=SHANGHAI)
    assert parsed.utcoffset().total_seconds() == 8 * 3600


def test_excel_datetime_serial():
    parsed = parse_datetime(44815.388807870)  # 2022-09-11 09:19:53
    assert parsed.replace(microsecond=0) == datetime(2022, 9, 11, 9, 19, 53, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("yes", True),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (True, True),
        (False, False),
        ("Ｙ", True),
        ("", None),
    ],
)
def test_yes_no(typed, expected):
    assert parse_boolean(typed) is expected


def test_yes_no_problem():
    with pytest.raises(CellError, match="请填写“是”或“否”"):
        parse_boolean("也许")


def test_choices_by_chinese_label_or_stored_value():
    assert parse_choice("已开工在建", ProjectStage.choices, "项目阶段") == "under_construction"
    assert parse_choice("signed", ProjectStage.choices, "项目阶段") == "signed"
    assert parse_choice(" 在谈 ", ProjectStage.choices, "项目阶段") == "negotiating"
    assert parse_choice("", ProjectStage.choices, "项目阶段") is None
    with pytest.raises(CellError, match="未知项目阶段「开工」：可选 谋划招商、在谈"):
        parse_choice("开工", ProjectStage.choices, "项目阶段")


@pytest.mark.parametrize(
    "typed",
    [
        "奥迪、一汽",
        "奥迪，一汽",
        "奥迪,一汽",
        "奥迪；一汽",
        "奥迪;一汽",
        "奥迪\n一汽",
        "奥迪 、 一汽、",
        "奥迪、一汽、奥迪",
    ],
)
def test_several_values_in_one_cell(typed):
    assert split_values(typed) == ["奥迪", "一汽"]


def test_known_names_with_a_separator_stay_whole():
    known = {"Tesla, Inc.", "一汽"}
    assert split_values("Tesla, Inc.、一汽", known=known) == ["Tesla, Inc.", "一汽"]
    assert split_values("一汽,Tesla, Inc.", known=known) == ["一汽", "Tesla, Inc."]
    assert split_values("Tesla, Inc", known=known) == ["Tesla", "Inc"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  长春  ", "长春"),
        (220100, "220100"),
        (220100.0, "220100"),
        (None, ""),
        ("'=SUM(A1)", "=SUM(A1)"),  # an exported formula-like text, apostrophe removed
        ("'-3 项目", "-3 项目"),
        ("'@cmd", "@cmd"),
        ("'普通文字", "'普通文字"),  # an apostrophe before ordinary text is kept
    ],
)
def test_text(typed, expected):
    assert parse_text(typed) == expected
