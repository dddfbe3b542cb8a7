"""JSONL and CSV corpora: one report per record, streamed record by record.

A record is a dict with ``text`` or ``html`` and optional id, title, outlet, url, published,
language.  A bad record is a ReadFailure naming "file:LINE"; the rest of the corpus goes on.
"""
from __future__ import annotations

import csv
from collections import deque
import json
import re
from dataclasses import dataclass
from typing import AnyStr, Callable, Iterable, Iterator, TextIO

from .failures import ReadFailure

RECORD_FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language", "author")
# A record's field longer than this is refused, not read: no report is that long (a report that
# comes as a file of its own is cut into parts instead), and memory and time stay bounded.
MAX_FIELD_CHARS = 1_000_000
# A JSONL line longer than this is skipped without being held: a field at the limit still fits
# with every character escaped.
MAX_LINE_BYTES = 8 * MAX_FIELD_CHARS
_CSV_FIELD_LIMIT = "field larger than field limit"
MAX_ID_CHARS = 200
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass
class Record:
    fields: dict
    source: str  # "path:LINE"
    line: int


def _field_too_long(fields: dict) -> str | None:
    for key, value in fields.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return (f"field '{key}' is {len(value):,} characters long, over the limit of "
                    f"{MAX_FIELD_CHARS:,}; record skipped")
    return None


def bounded_lines(readline: Callable[[int], AnyStr], limit: int = MAX_LINE_BYTES) -> Iterator[AnyStr | None]:
    """The lines ``readline`` gives, each of at most ``limit``; a longer line is read through to
    its end without being kept, and given as None."""
    while True:
        line = readline(limit + 1)
        if not line:
            return
        newline = "\n" if isinstance(line, str) else b"\n"
        if len(line) <= limit or line.endswith(newline):
            yield line
            continue
        while True:
            rest = readline(1 << 20)
            if not rest or rest.endswith(newline):
                break
        yield None


def _undecodable(fields: dict) -> str | None:
    """A field holding bytes that were not UTF-8 (kept as lone surrogates by the CSV reader)."""
    for key, value in fields.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            byte = ord(_SURROGATE.search(value).group()) - 0xDC00
            return f"field '{key}' holds bytes that are not UTF-8 (0x{byte:02x}); record skipped"
    return None


def record_id_problem(value) -> str | None:
    """Why a record's id cannot be a report id, or None (no id: the reader names the record)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"'id' must be a string or a whole number, not {type(value).__name__} {value!r}; record skipped"
    text = str(value)
    if len(text) > MAX_ID_CHARS:
        return f"'id' is {len(text):,} characters long, over the limit of {MAX_ID_CHARS}; record skipped"
    if _CONTROL_CHARACTERS.search(text):
        return "'id' holds control characters; record skipped"
    return None


def is_incident_record(fields) -> bool:
    """An Incident-contract object (``vigil export --to jsonl``): event_type and evidence, no text."""
    return (isinstance(fields, dict) and "event_type" in fields and "evidence" in fields
            and "text" not in fields and "html" not in fields)


def check_record(record: Record) -> str | None:
    """The problem with a record, or None."""
    too_long = _field_too_long(record.fields) or _undecodable(record.fields)
    if too_long:
        return too_long
    text, page = record.fields.get("text"), record.fields.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(page, str) and page.strip()):
        if text is None and page is None:
            return "record has neither 'text' nor 'html'"
        return "record's 'text'/'html' is empty or not a string"
    return None


def iter_jsonl(stream: Iterable[bytes | None], source: str) -> Iterator[Record | ReadFailure]:
    """Records of a JSONL stream; each line decoded on its own so one bad line costs one record
    (None stands for a line too long to read, vigil.readers.corpus.bounded_lines)."""
    for number, raw in enumerate(stream, start=1):
        where = f"{source}:{number}"
        if raw is None:
            yield ReadFailure(where, f"line longer than {MAX_LINE_BYTES:,} bytes; record skipped")
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield ReadFailure(where, f"not text: invalid UTF-8 at byte {e.start} of the line")
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadFailure(where, f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield ReadFailure(where, "invalid JSON: nested too deeply; record skipped")
            continue
        if not isinstance(fields, dict):
            yield ReadFailure(where, f"not a JSON object but a {type(fields).__name__}")
            continue
        yield Record(fields, where, number)


class _PhysicalLines:
    """The lines of a CSV stream, numbered, remembering those of the row being parsed so that a
    broken row can be given back: its first line is refused and parsing resumes on the next one."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._given_back: deque[tuple[int, str]] = deque()
        self._next_number = 1
        self.row: list[tuple[int, str]] = []  # the (number, line)s of the row being parsed

    def __iter__(self) -> "_PhysicalLines":
        return self

    def __next__(self) -> str:
        if self._given_back:
            number, line = self._given_back.popleft()
        else:
            line = self._stream.readline()
            if not line:
                raise StopIteration
            number, self._next_number = self._next_number, self._next_number + 1
        self.row.append((number, line))
        return line

    def start_row(self) -> int:
        """Forget the last row; the number of the line the next row starts on."""
        self.row = []
        return self._given_back[0][0] if self._given_back else self._next_number

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._given_back.extendleft(reversed(lines))


def iter_csv(stream: TextIO, source: str) -> Iterator[Record | ReadFailure]:
    """Records of a CSV stream with a header naming at least id and text (or html).

    A row is parsed strictly: a quote left open is refused by the number of the line it opens
    on, and parsing resumes on the line after it, so one broken row never swallows the rows after
    it into one report.  A row with more fields than the header is refused (its text would be cut).
    """
    csv.field_size_limit(MAX_FIELD_CHARS)
    lines = _PhysicalLines(stream)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None) or []
    except csv.Error as e:
        yield ReadFailure(source, f"invalid CSV header: {e}")
        return
    header = [h.strip().lower() for h in header]
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        yield ReadFailure(source, f"the header names column {', '.join(map(repr, repeated))} more than "
                                  f"once; which one holds the value cannot be told")
        return
    missing = [] if "id" in header else ["id"]
    if "text" not in header and "html" not in header:
        missing.append("text (or html)")
    if missing:
        yield ReadFailure(source, f"missing column {' and '.join(missing)}; the header has: "
                                  f"{', '.join(h for h in header if h) or 'nothing'}")
        return
    while True:
        start = lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            where = f"{source}:{start}"
            if _CSV_FIELD_LIMIT in str(e):  # the record is read through and dropped
                yield ReadFailure(where, f"a field is over the limit of {MAX_FIELD_CHARS:,} characters; "
                                         f"record skipped")
                continue
            yield ReadFailure(where, f"invalid CSV ({e}: a quote left open?); the row on this line "
                                     f"is skipped, reading goes on with the next line")
            lines.give_back(lines.row[1:])
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield ReadFailure(f"{source}:{start}", f"{len(row)} fields where the header has {len(header)} "
                                                   f"(a comma outside quotes?); record skipped")
            continue
        fields = {k: v for k, v in zip(header, row) if k and v != ""}
        yield Record(fields, f"{source}:{start}", start)
