"""CSV cells a spreadsheet will not run as formulas (OWASP's "CSV injection" rule).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``+1+cmd|' /C calc'!A0``);
it is written with a single quote in front, which spreadsheets show as text and never evaluate.

Numbers stay numbers: a cell whose value is an ``int`` or ``float`` (a negative longitude, a
claim's value) is written as it is, since a number cannot carry a formula.  Only values that are
numbers in Vigil's own records are exempt: a string such as ``"-5"`` coming from a report's text
(an outlet, a place name) is quoted like any other text.
"""
from __future__ import annotations

import csv
from typing import Any, Iterable, Mapping, Sequence, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet evaluates: None is empty, numbers are kept, text
    that could start a formula gets a leading single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def _has_bare_cr(cells: Iterable[Any]) -> bool:
    """Python's csv quotes a cell holding "\n" (the line terminator) but not one holding a bare
    "\r", which spreadsheets read as the end of the row: such a row is written fully quoted."""
    return any(isinstance(cell, str) and "\r" in cell for cell in cells)


class SafeWriter:
    """``csv.writer`` whose every cell passes through ``safe_cell`` (Unix line endings)."""

    def __init__(self, handle: TextIO):
        self._writer = csv.writer(handle, lineterminator="\n")
        self._quoting_writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)

    def writerow(self, values: Iterable[Any]) -> None:
        cells = safe_row(values)
        (self._quoting_writer if _has_bare_cr(cells) else self._writer).writerow(cells)


class SafeDictWriter:
    """``csv.DictWriter`` whose every cell passes through ``safe_cell``; the header is written
    as it is (column names are Vigil's own)."""

    def __init__(self, handle: TextIO, fieldnames: Sequence[str]):
        self._writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        self._quoting_writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n",
                                              quoting=csv.QUOTE_NONNUMERIC)

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> None:
        cells = {key: safe_cell(value) for key, value in row.items()}
        (self._quoting_writer if _has_bare_cr(cells.values()) else self._writer).writerow(cells)
