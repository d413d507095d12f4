"""XLSX and CSV as django-import-export formats, read and written through spreadsheets.files."""

from import_export.formats.base_formats import Format

from .files import read_spreadsheet
from .writing import CONTENT_TYPES, write_csv, write_xlsx


class SpreadsheetFormat(Format):
    """A file format for django-import-export that reads and writes through spreadsheets.files.

    Uploads are kept as bytes (binary) even for CSV, so the encoding is detected when read
    instead of assumed.
    """

    extension = ""
    content_type = ""

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return self.extension

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_import(self):
        return True

    def can_export(self):
        return True

    def create_dataset(self, data):
        return read_spreadsheet(data, self.extension, self.encoding)


class XLSXFormat(SpreadsheetFormat):
    extension = "xlsx"
    content_type = CONTENT_TYPES["xlsx"]

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset.headers, dataset)


class CSVFormat(SpreadsheetFormat):
    extension = "csv"
    content_type = CONTENT_TYPES["csv"]

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset.headers, dataset)


FORMATS = [XLSXFormat, CSVFormat]
