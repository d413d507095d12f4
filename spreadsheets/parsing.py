"""Spreadsheet cell values as people type them, read into Python values.

Each `parse_*` function takes what a CSV or XLSX cell holds (text, a number, an Excel date) and
returns the Python value, `None` for a blank cell, or raises `CellError` whose message (in
Chinese, without row or column: the caller adds those) says what to type instead.
"""

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.utils.datetime import from_excel

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A text cell starting with one of these is a formula to Excel and LibreOffice; exports put an
# apostrophe in front (see spreadsheets.files.escape_formula) and imports take it off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# 、 ， , ； ; and line breaks all separate values in one cell.
VALUE_SEPARATORS = re.compile(r"([、，,；;\n\r]+)")

TRUE_WORDS = {"是", "y", "yes", "true", "1", "对", "√"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "错", "×"}

# Excel day numbers from 1950 to 2099: outside that range a number in a date column is more
# likely a year or an amount typed in the wrong column than a date.
EXCEL_SERIAL_RANGE = (18264, 73050)

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


class CellError(ValueError):
    """A cell that cannot be read; the message says what to type instead."""


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def unescape_formula(value):
    """`'=A1` → `=A1`: take off the apostrophe an export put in front of a formula-like text."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


# Characters no database column can hold (PostgreSQL refuses NUL in text).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def excerpt(text, length=30):
    """A long value shortened for a message: the start, then how long it is."""
    text = str(text)
    if len(text) <= length:
        return text
    return f"{text[:length]}…（共{len(text):,}字）"


def parse_text(value):
    """The cell as text, trimmed; numbers as Excel shows them (`12` not `12.0`).

    Raises CellError for characters that cannot be stored (a NUL byte from a damaged file).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if UNSTORABLE.search(text):
        raise CellError(
            "含有无法保存的不可见字符（如 NUL 空字符，多由文件损坏或从其他系统复制而来）："
            "请在原表格中重新输入这个单元格后再导入"
        )
    unescaped = unescape_formula(text)
    if unescaped is not text:
        return unescaped.rstrip()
    return text.strip()


def _ascii(value):
    """Full-width digits and signs folded to ASCII, spaces and thousands separators removed."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s,]", "", text)


def _decimal_from_number(value, places):
    if isinstance(value, bool):
        raise CellError(f"「{excerpt(parse_text(value))}」不是数字")
    if isinstance(value, float):
        exact = Decimal(repr(value))
        if places is not None and -exact.as_tuple().exponent > places:
            # A formula's cached result carries float noise (0.30000000000000004).
            rounded = Decimal(repr(round(value, places)))
            if abs(rounded - exact) < Decimal("1e-9"):
                return rounded
        return exact
    return Decimal(value)


def _check_decimal(number, shown, *, places, max_digits, allow_negative, unit=""):
    if not number.is_finite():
        raise CellError(f"「{excerpt(shown)}」不是数字")
    if number < 0 and not allow_negative:
        raise CellError(f"不能为负数「{excerpt(shown)}」")
    exponent = number.normalize().as_tuple().exponent
    if places is not None and exponent < 0 and -exponent > places:
        raise CellError(f"「{excerpt(shown)}」最多保留{places}位小数{unit}")
    if max_digits is not None and places is not None:
        limit = Decimal(10) ** (max_digits - places)
        if abs(number) >= limit:
            raise CellError(f"「{excerpt(shown)}」超出范围，应小于{limit:,}{unit.strip('（）')}")
    return number


def parse_decimal(value, *, places=None, max_digits=None, allow_negative=True, percent=False):
    """`1,234.5`, `１２.５`, `-3.2`, and with `percent` also `5.2%`; blank → None."""
    if is_blank(value):
        return None
    shown = parse_text(value)
    if isinstance(value, int | float | Decimal):
        number = _decimal_from_number(value, places)
    else:
        text = _ascii(shown)
        if percent:
            text = text.removesuffix("%")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise CellError(f"「{excerpt(shown)}」不是数字")
        number = Decimal(text)
    return _check_decimal(
        number, shown, places=places, max_digits=max_digits, allow_negative=allow_negative
    )


AMOUNT_UNITS = {"": 0, "亿元": 0, "亿": 0, "万元": -4, "万": -4}
AMOUNT_PATTERN = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(亿元|亿|万元|万)?")


def parse_amount(value, *, max_digits=14):
    """An amount in 亿元, exact: `88.64`, `88.64亿元`, `8864万元` (= 0.8864), `１２.５`, `1,234`."""
    if is_blank(value):
        return None
    shown = parse_text(value)
    if isinstance(value, int | float | Decimal):
        number = _decimal_from_number(value, 4)
    else:
        match = AMOUNT_PATTERN.fullmatch(_ascii(shown))
        if not match:
            raise CellError(
                f"无法识别的金额「{excerpt(shown)}」："
                "请填写以亿元为单位的数字，如 88.64、88.64亿元 或 8864万元"
            )
        number = Decimal(match[1]).scaleb(AMOUNT_UNITS[match[2] or ""])
    return _check_decimal(
        number, shown, places=4, max_digits=max_digits, allow_negative=False, unit="（亿元）"
    )


def chinese_number(text):
    """`四十` → 40, `一百零五` → 105, `十二` → 12; None if `text` is not a Chinese numeral."""
    if not text or any(ch not in CHINESE_DIGITS and ch not in CHINESE_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * CHINESE_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_integer(value, *, minimum=None, maximum=None, ordinal=False, unit=""):
    """`40`, `40.0` (Excel), `４０`, `2022年` with `unit="年"`; with `ordinal` also `第3条` and
    `第三条`; blank → None."""
    if is_blank(value):
        return None
    shown = parse_text(value)
    if isinstance(value, bool):
        raise CellError(f"「{excerpt(shown)}」不是整数")
    if isinstance(value, float) and not value.is_integer():
        raise CellError(f"「{excerpt(shown)}」不是整数")
    if isinstance(value, int | float):
        number = int(value)
    else:
        text = _ascii(shown)
        if unit:
            text = text.removesuffix(unit)
        if ordinal:
            text = re.sub(r"^第?(.+?)[条项款]?$", r"\1", text)
        if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            number = int(Decimal(text))
        elif (number := chinese_number(text)) is None:
            raise CellError(f"「{excerpt(shown)}」不是整数")
    if minimum is not None and number < minimum:
        raise CellError(f"「{excerpt(shown)}」不能小于{minimum}")
    if maximum is not None and number > maximum:
        raise CellError(f"「{excerpt(shown)}」不能大于{maximum}")
    return number


DATE_PATTERN = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[T\s]*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.(\d{1,6}))?秒?)?分?)?"
)
COMPACT_DATE_PATTERN = re.compile(r"(\d{4})(\d{2})(\d{2})")
SERIAL_PATTERN = re.compile(r"\d{5}(\.\d+)?")

DATE_HINT = "请写成 2022-06-28、2022/6/28、2022.6.28 或 2022年6月28日"


def _from_serial(number, shown):
    if not EXCEL_SERIAL_RANGE[0] <= number <= EXCEL_SERIAL_RANGE[1]:
        raise CellError(f"无法识别的日期「{excerpt(shown)}」：{DATE_HINT}")
    return from_excel(number)


def _parse_moment(value):
    """A naive datetime from any date or date-time form; None for blank."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    shown = parse_text(value)
    if isinstance(value, bool):
        raise CellError(f"无法识别的日期「{excerpt(shown)}」：{DATE_HINT}")
    if isinstance(value, int | float | Decimal):
        return _from_serial(float(value), shown)
    text = unicodedata.normalize("NFKC", shown).strip()
    text = re.sub(r"\s*([-/.年月日:时分秒])\s*", r"\1", text)
    parts = None
    if match := DATE_PATTERN.fullmatch(text):
        parts = [int(p) if p else 0 for p in match.groups()[:6]]
        parts.append(int((match[7] or "0").ljust(6, "0")))
    elif match := COMPACT_DATE_PATTERN.fullmatch(text):
        parts = [int(p) for p in match.groups()] + [0, 0, 0, 0]
    elif SERIAL_PATTERN.fullmatch(text):
        return _from_serial(float(text), shown)
    if parts is None:
        raise CellError(f"无法识别的日期「{excerpt(shown)}」：{DATE_HINT}")
    try:
        return datetime(*parts)
    except ValueError:
        raise CellError(f"日期不存在「{excerpt(shown)}」") from None


def parse_date(value):
    """`2022-06-28`, `2022/6/28`, `2022.6.28`, `2022年6月28日`, Excel date cells and day numbers."""
    moment = _parse_moment(value)
    return moment.date() if moment is not None else None


def parse_datetime(value):
    """A date and time in Asia/Shanghai (`2022-09-11 09:19:53`), as an aware datetime."""
    moment = _parse_moment(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def parse_boolean(value):
    """是/否, Y/N, true/false, 1/0 (and Excel's TRUE/FALSE cells); blank → None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = unicodedata.normalize("NFKC", parse_text(value)).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"无法识别「{excerpt(parse_text(value))}」：请填写“是”或“否”")


def parse_choice(value, choices, noun):
    """A closed set's stored value from its Chinese label (or the stored value itself)."""
    if is_blank(value):
        return None
    text = unicodedata.normalize("NFKC", parse_text(value))
    for stored, label in choices:
        if text in (label, stored):
            return stored
    labels = "、".join(str(label) for _, label in choices)
    raise CellError(f"未知{noun}「{excerpt(parse_text(value))}」：可选 {labels}")


def split_values(value, known=()):
    """Several values in one cell, split on 、，,；; and line breaks, duplicates dropped.

    A name in `known` that itself contains a separator (`Tesla, Inc.`) is kept whole.
    """
    if is_blank(value):
        return []
    pieces = VALUE_SEPARATORS.split(parse_text(value))
    names, i = [], 0
    while i < len(pieces):
        taken = 1
        # pieces alternate text, separator, text…: try the longest run of them that is a known name.
        for end in range(len(pieces), i + 1, -2):
            if "".join(pieces[i:end]).strip() in known:
                taken = end - i
                break
        name = "".join(pieces[i : i + taken]).strip()
        if name and name not in names:
            names.append(name)
        i += taken + 1
    return names
