"""JSONL and CSV corpora: one report per record, streamed record by record.

A record is a dict with ``text`` or ``html`` and optional id, title, outlet, url, published (or
publication_date), language.  A bad record is a ReadFailure naming "file:LINE"; the rest of the corpus goes on.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import AnyStr, Callable, Iterable, Iterator, TextIO

from .failures import ReadFailure

RECORD_FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language", "author")
# Other names corpora give a field: a scraper's "publication_date" is the report's date.
FIELD_ALIASES = {"publication_date": "published"}
# A record's field longer than this is refused, not read: no report is that long (a report that
# comes as a file of its own is cut into parts instead), and memory and time stay bounded.
MAX_FIELD_CHARS = 1_000_000
# A JSONL line longer than this is skipped without being held: a field at the limit still fits
# with every character escaped.
MAX_LINE_BYTES = 8 * MAX_FIELD_CHARS
_CSV_FIELD_LIMIT = "field larger than field limit"


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


def check_record(record: Record) -> str | None:
    """The problem with a record, or None."""
    too_long = _field_too_long(record.fields)
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
        if not isinstance(fields, dict):
            yield ReadFailure(where, f"not a JSON object but a {type(fields).__name__}")
            continue
        yield Record(fields, where, number)


def iter_csv(stream: TextIO, source: str) -> Iterator[Record | ReadFailure]:
    """Records of a CSV stream with a header naming at least id and text (or html)."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or []
    except csv.Error as e:
        yield ReadFailure(source, f"invalid CSV header: {e}")
        return
    header = [h.strip().lower() for h in header]
    reader.fieldnames = header
    missing = [] if "id" in header else ["id"]
    if "text" not in header and "html" not in header:
        missing.append("text (or html)")
    if missing:
        yield ReadFailure(source, f"missing column {' and '.join(missing)}; the header has: "
                                  f"{', '.join(h for h in header if h) or 'nothing'}")
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if _CSV_FIELD_LIMIT in str(e):  # the reader skips the rest of that record and goes on
                yield ReadFailure(f"{source}:{start}", f"a field is over the limit of {MAX_FIELD_CHARS:,} "
                                                       f"characters; record skipped")
                start = reader.line_num + 1
                continue
            yield ReadFailure(f"{source}:{start}", f"invalid CSV: {e}")
            return  # the csv reader cannot resynchronise after a broken quote
        fields = {k: v for k, v in row.items() if k and v not in (None, "")}
        yield Record(fields, f"{source}:{start}", start)
        start = reader.line_num + 1
