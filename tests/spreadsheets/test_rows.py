"""Rows of an uploaded file kept packed: the same cells back, a fraction of the objects."""

import pickle
from datetime import datetime

import pytest

from spreadsheets.files import read_spreadsheet
from spreadsheets.rows import PackedRow
from tests.spreadsheet_files import csv_bytes, xlsx_bytes

ROWS = [
    ["a", "", None, "b", None],
    [],
    [None, None],
    ["数量", 1.5, None],
    ["has \x1f a separator", "x"],
    ["has \x1e a blank mark"],
]


@pytest.mark.parametrize("cells", ROWS)
def test_a_packed_row_gives_its_cells_back(cells):
    row = PackedRow(cells)
    assert list(row) == cells and row.tuple == tuple(cells) and len(row) == len(cells)
    assert list(pickle.loads(pickle.dumps(row))) == cells
    assert list(row.copy()) == cells
    assert list(row.widened(2)) == [*cells, None, None]


def test_a_packed_row_can_still_be_changed():
    row = PackedRow(["a", "b"])
    row[1] = "c"
    row.insert(0, "z")
    del row[1]
    assert list(row) == ["z", "c"]


def test_a_csv_keeps_each_row_as_one_string():
    data = csv_bytes(
        [["编号", "名称", "备注"], ["P1", "甲", ""], ["P2", "乙"], [], ["P3", "丙", "x", "多"]]
    )
    dataset = read_spreadsheet(data, "csv")
    assert dataset.headers == ["编号", "名称", "备注", ""]
    assert list(dataset) == [
        ("P1", "甲", "", None),
        ("P2", "乙", None, None),
        (None, None, None, None),
        ("P3", "丙", "x", "多"),
    ]
    assert all(row._packed.__class__ is str for row in dataset._data)


def test_typed_xlsx_cells_stay_as_they_are():
    when = datetime(2022, 9, 11)
    dataset = read_spreadsheet(xlsx_bytes([["编号", "金额", "日期"], ["P1", 12.5, when]]), "xlsx")
    assert list(dataset) == [("P1", 12.5, when)]
