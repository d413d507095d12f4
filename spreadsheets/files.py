"""Spreadsheet files in and out: XLSX and CSV (UTF-8, UTF-8 with BOM, GBK/GB18030).

Reading returns a `tablib.Dataset` whose first row is the header row of the file, so data row
`i` (from 0) is row `i + 2` of the spreadsheet as people see it. Every problem with the file as
a whole raises `SpreadsheetError` with one message in Chinese saying what to do.
"""

import codecs
import csv
import io
import logging
import re
import unicodedata
import zipfile
from pathlib import Path

from charset_normalizer import from_bytes
from defusedxml import ElementTree as safe_xml
from django.conf import settings
from openpyxl import load_workbook

from .rows import PackedRow, dataset_of, packable

logger = logging.getLogger(__name__)

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
# What an upload may expand to: an XLSX is a zip archive, and a few megabytes of it can hold
# gigabytes of XML. Settings of the same names override these.
LIMITS = {
    "IMPORT_MAX_UNCOMPRESSED_SIZE": 400 * 1024 * 1024,  # bytes, all parts of an XLSX together
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 100,
}
CSV_FIELD_LIMIT = 1_000_000  # characters in one CSV cell (an article body fits)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted XLSX or old .xls
ZIP_MAGIC = b"PK\x03\x04"
DETECTION_SAMPLE = 64 * 1024
CHINESE_ENCODINGS = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
CSV_DELIMITERS = (",", "\t", ";")

SAVE_AS_XLSX = "请在 Excel 中打开后“另存为” Excel 工作簿（.xlsx）或 CSV 再上传。"


class SpreadsheetError(ValueError):
    """A file that cannot be read or written as a whole; the message says what to do."""


def max_file_size():
    return getattr(settings, "IMPORT_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE)


def limit(name):
    return getattr(settings, name, LIMITS[name])


def megabytes(size):
    """`20 MB`, `1.5 MB`; below a megabyte in KB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def check_size(size, limit=None):
    limit = max_file_size() if limit is None else limit
    if size > limit:
        raise SpreadsheetError(
            f"文件大小 {megabytes(size)}，超过上限 {megabytes(limit)}：请拆分成几个文件分批导入。"
        )


def file_kind(name):
    """`xlsx` or `csv` from the file name; anything else is refused."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("xlsx", "csv"):
        return extension
    if extension in ("xls", "et", "wps", "numbers", "ods"):
        raise SpreadsheetError(f"不支持 .{extension} 格式。{SAVE_AS_XLSX}")
    raise SpreadsheetError("只支持 Excel 工作簿（.xlsx）和 CSV 文件（.csv）。")


def header_key(header):
    """What two headers must share to match: no spaces, full-width and half-width folded."""
    text = unicodedata.normalize("NFKC", "" if header is None else str(header))
    return re.sub(r"\s+", "", text).replace("\ufeff", "").casefold()


def read_spreadsheet(data, kind, encoding=None):
    """A Dataset from the bytes of an XLSX or CSV file, with the file's header row as headers."""
    if data is None:
        raise SpreadsheetError("上传的文件已过期或找不到了：请重新上传。")
    if not data:
        raise SpreadsheetError("文件是空的：请检查是否选错了文件。")
    if data.startswith(CFB_MAGIC):
        raise SpreadsheetError(
            "文件设置了打开密码，或是旧版 .xls 格式：请在 Excel 中取消密码"
            "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），另存为 .xlsx 后再上传。"
        )
    if kind == "xlsx" or data.startswith(ZIP_MAGIC):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(decode_text(data, encoding))
    return _dataset(rows)


def read_path(path, encoding=None):
    """A Dataset from an .xlsx or .csv file on disk (no size limit: this is for large files)."""
    path = Path(path)
    return read_spreadsheet(path.read_bytes(), file_kind(path.name), encoding)


def _dataset(rows):
    max_rows, max_columns = limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_COLUMNS")
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise SpreadsheetError("文件是空的：请检查是否选错了文件。")
    headers = ["" if h is None else str(h).strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()  # formatted but empty cells at the end of the header row
    if not headers:
        raise SpreadsheetError("第1行（表头）是空的：第1行应为表头，数据从第2行开始。")
    _check_width(len(headers), 1, max_columns)
    width = len(headers)
    body, pending_blanks, has_data = [], 0, False
    shared = SharedValues()  # for rows with typed cells, which stay lists
    for number, row in enumerate(rows, start=2):
        if number - 1 > max_rows and any(not _blank(v) for v in row):
            raise SpreadsheetError(
                f"表格超过 {max_rows:,} 行数据（第{number}行仍有数据）：请拆分成几个文件分批导入。"
            )
        if all(_blank(v) for v in row):
            # Kept only when a data row follows, so row numbers still match the file while
            # trailing formatted-but-empty rows of an XLSX are dropped.
            pending_blanks += 1
            continue
        row = list(row)
        while row and _blank(row[-1]) and len(row) > width:
            row.pop()
        if len(row) > width:
            _check_width(len(row), number, max_columns)
            extra = len(row) - width
            headers.extend([""] * extra)
            body = [earlier.widened(extra) for earlier in body]
            width = len(row)
        row.extend([None] * (width - len(row)))
        body.extend(PackedRow([None] * width) for _ in range(pending_blanks))
        pending_blanks = 0
        body.append(PackedRow(row if packable(row) else shared.rows_values(row)))
        has_data = True
    if not has_data:
        raise SpreadsheetError("文件只有表头，没有数据行：数据从第2行开始填写。")
    return dataset_of(headers, body)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _check_width(width, number, max_columns):
    if width > max_columns:
        raise SpreadsheetError(
            f"第{number}行超过 {max_columns} 列（有 {width:,} 列）：请删除多余的列，"
            "只保留模板中的列。"
        )


class SharedValues:
    """One string object per distinct value of a column, while the column repeats itself.

    Regions, stages, statuses and company names recur on every few rows; sharing them keeps a
    100,000-row file tens of megabytes smaller. A column of mostly distinct values (names,
    codes) stops being tracked, so the lookup tables never outgrow what they save.
    """

    LIMIT = 5000

    def __init__(self):
        self.columns = []

    def rows_values(self, row):
        values = list(row)
        columns = self.columns
        if len(columns) < len(values):
            columns.extend({} for _ in range(len(values) - len(columns)))
        for index, value in enumerate(values):
            seen = columns[index]
            if seen is not None and value.__class__ is str:
                values[index] = seen.setdefault(value, value)
                if len(seen) > self.LIMIT:
                    columns[index] = None
        return values


def _check_archive(data):
    """Refuse an archive whose parts would expand past the limit, before any is unpacked.

    zipfile stops each part at the size its directory declares (and fails the CRC check if the
    data says otherwise), so the declared sizes bound what reading can produce.
    """
    ceiling = limit("IMPORT_MAX_UNCOMPRESSED_SIZE")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        logger.info("Unreadable XLSX upload: %r", error)
        raise SpreadsheetError(
            f"文件已损坏或不完整，无法作为 Excel 工作簿（.xlsx）读取。{SAVE_AS_XLSX}"
        ) from error
    total = sum(part.file_size for part in parts)
    if total > ceiling:
        raise SpreadsheetError(
            f"工作簿解压后有 {megabytes(total)}，超过上限 {megabytes(ceiling)}"
            "（可能含有大量空白格式或异常数据）：请只保留数据所在的工作表，"
            "另存为新的 .xlsx 或 CSV 后再上传。"
        )


def _xlsx_rows(data):
    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(f"文件不是有效的 Excel 工作簿（.xlsx）。{SAVE_AS_XLSX}")
    _check_archive(data)
    _check_row_count(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged archive
        logger.info("Unreadable XLSX upload: %r", error)
        raise SpreadsheetError(
            f"文件已损坏或不完整，无法作为 Excel 工作簿（.xlsx）读取。{SAVE_AS_XLSX}"
        ) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("工作簿里没有工作表。")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; without this, read-only mode trusts it.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except SpreadsheetError:
        raise
    except Exception as error:  # a truncated archive fails part-way through the sheet
        logger.info("Truncated XLSX upload: %r", error)
        raise SpreadsheetError(
            f"文件已损坏或不完整，无法作为 Excel 工作簿（.xlsx）读取。{SAVE_AS_XLSX}"
        ) from error
    finally:
        workbook.close()


def _check_row_count(data):
    """Refuse a first sheet with more data rows than the limit before openpyxl opens it.

    Counting the rows that hold a value in the raw XML takes about a second for millions of
    rows and little memory, where openpyxl would parse the whole sheet once just to size it
    (when the sheet does not state its size) and then hold 200,000 rows before the limit.
    """
    max_rows = limit("IMPORT_MAX_ROWS")
    rows, rest = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        path = _first_sheet_path(archive)
        if path is None:
            return  # openpyxl says what is wrong with the workbook
        with archive.open(path) as source:
            while chunk := source.read(1024 * 1024):
                *complete, rest = (rest + chunk).split(b"</row>")
                rows += sum(1 for row in complete if b"<v" in row or b"<is>" in row)
                if rows > max_rows + 1:  # the header row is not data
                    raise SpreadsheetError(
                        f"表格超过 {max_rows:,} 行数据：请拆分成几个文件分批导入。"
                    )


def _first_sheet_path(archive):
    """The archive path of the workbook's first sheet, as its relationships name it."""
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        workbook = safe_xml.fromstring(archive.read("xl/workbook.xml"))
        sheet = next(e for e in workbook.iter() if e.tag.endswith("}sheet") or e.tag == "sheet")
        links = safe_xml.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(e.get("Target") for e in links if e.get("Id") == sheet.get(relationship))
    except (KeyError, StopIteration, safe_xml.ParseError, ValueError):
        return None
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return path if path in archive.namelist() else None


def decode_text(data, encoding=None):
    """The text of a CSV file: the given encoding, else UTF-8 (with or without BOM) or GB18030."""
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise SpreadsheetError(f"未知的编码「{encoding}」。") from None
        except UnicodeDecodeError as error:
            raise SpreadsheetError(
                f"文件不是 {encoding} 编码（第 {error.start} 字节处无法解码）："
                "去掉编码参数，让系统自动识别。"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    if b"\x00" in data[:DETECTION_SAMPLE]:
        raise _not_text()
    # Chinese Excel saves CSV in GBK; GB18030 reads all of GBK and more. Both decodings are
    # tried on the whole file: a fixed-size sample can end inside a two-byte character.
    for candidate in ("utf-8", "gb18030"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    guess = from_bytes(_sample(data)).best()
    if guess is None:
        raise _not_text()
    try:
        text = data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        raise _not_text() from None
    if _looks_like_text(text):
        return text
    raise _not_text()


def _sample(data):
    """The start of a file for charset detection, cut after a line break so that it does not
    end inside a multi-byte character."""
    if len(data) <= DETECTION_SAMPLE:
        return data
    cut = data.rfind(b"\n", 0, DETECTION_SAMPLE)
    return data[: cut + 1] if cut > 0 else data[:DETECTION_SAMPLE]


def _decode(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_text() from None


def _looks_like_text(text):
    sample = text[:DETECTION_SAMPLE]
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs"))
    controls -= sample.count("\n") + sample.count("\r") + sample.count("\t")
    return controls <= len(sample) // 1000


def _not_text():
    return SpreadsheetError(
        "文件不是可以识别的 CSV 文本（可能是其他格式的文件改了扩展名）。"
        "CSV 应为 UTF-8 或 GBK 编码；Excel 文件请直接上传 .xlsx。"
    )


def _lines(text):
    """The lines of `text` with their ends, one at a time: io.StringIO would first copy the
    whole text at four bytes a character."""
    if "\n" not in text and "\r" in text:  # old Mac line ends
        yield from io.StringIO(text, newline="")
        return
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _csv_rows(text):
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    # Refused before the reader splits a header row of a million cells into a list.
    header = first_line.rstrip("\r\n ").rstrip(delimiter)
    _check_width(header.count(delimiter) + 1, 1, limit("IMPORT_MAX_COLUMNS"))
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        if "field limit" in str(error):
            raise SpreadsheetError(
                f"第{reader.line_num}行有一个单元格超过 {CSV_FIELD_LIMIT:,} 个字：请检查这一行"
                "是否缺少引号或换行，或把过长的内容拆开。"
            ) from error
        raise SpreadsheetError(
            f"CSV 文件第{reader.line_num}行格式有误（引号或分隔符不成对）。{SAVE_AS_XLSX}"
        ) from error
