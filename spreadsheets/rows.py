"""The rows of an uploaded file, kept compact while an import holds them all.

A 100,000-row CSV is 1.2 million cells; as Python strings each costs some 50 bytes before its
first character, and the row's list 8 more. `PackedRow` keeps a row of text cells as one string
and gives the cells back as a list when asked, so a file's rows take well under half the
memory. Rows with typed cells (an XLSX's numbers and dates) stay lists.
"""

import tablib
from tablib.core import Row

SEPARATOR = "\x1f"  # ASCII unit separator: nobody types it into a cell
BLANK = "\x1e"  # a cell with no value (None), as opposed to an empty text ("")


def packable(cells):
    """Whether every cell is text (or blank) that `pack` can keep."""
    return all(
        cell is None or (cell.__class__ is str and SEPARATOR not in cell and BLANK not in cell)
        for cell in cells
    )


def pack(cells):
    """One string for a row of text and blank cells, each after a separator; else the list."""
    if not packable(cells):
        return list(cells)
    return "".join(SEPARATOR + (BLANK if cell is None else cell) for cell in cells)


def unpack(packed):
    if packed.__class__ is list:
        return packed
    return [None if cell == BLANK else cell for cell in packed.split(SEPARATOR)[1:]]


class PackedRow(Row):
    """A tablib row stored packed (see `pack`); reading it gives the cells as a list."""

    __slots__ = ("_packed",)
    tags = ()

    def __init__(self, cells=()):
        self._packed = pack(list(cells))

    @property
    def _row(self):
        return unpack(self._packed)

    @_row.setter
    def _row(self, cells):
        self._packed = pack(list(cells))

    def copy(self):
        return PackedRow(self._row)

    def widened(self, extra):
        """The row with `extra` more blank cells at its end."""
        return PackedRow([*self._row, *([None] * extra)])

    # tablib changes rows in place: unpack, change, pack again.

    def __setitem__(self, index, value):
        cells = self._row
        cells[index] = value
        self._row = cells

    def __delitem__(self, index):
        cells = self._row
        del cells[index]
        self._row = cells

    def insert(self, index, value):
        cells = self._row
        cells.insert(index, value)
        self._row = cells

    def __getstate__(self):
        return self._row

    def __setstate__(self, state):
        self._row = state


def dataset_of(headers, rows):
    """A tablib Dataset holding `rows` (PackedRows) as they are: Dataset.extend would copy
    every row into a list of its own."""
    dataset = tablib.Dataset(headers=headers)
    dataset._data = list(rows)
    return dataset
