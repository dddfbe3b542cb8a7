"""JSONL and CSV corpora: one report per record, streamed record by record.

A record is a dict with ``text`` or ``html`` and optional id, title, outlet, url, published,
language.  A bad record is a ReadFailure naming "file:LINE"; the rest of the corpus goes on.
"""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator, TextIO

from .failures import ReadFailure

RECORD_FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language", "author")


@dataclass
class Record:
    fields: dict
    source: str  # "path:LINE"
    line: int


def check_record(record: Record) -> str | None:
    """The problem with a record, or None."""
    text, page = record.fields.get("text"), record.fields.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(page, str) and page.strip()):
        if text is None and page is None:
            return "record has neither 'text' nor 'html'"
        return "record's 'text'/'html' is empty or not a string"
    return None


def iter_jsonl(stream: Iterable[bytes], source: str) -> Iterator[Record | ReadFailure]:
    """Records of a JSONL stream; each line decoded on its own so one bad line costs one record."""
    for number, raw in enumerate(stream, start=1):
        where = f"{source}:{number}"
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
    csv.field_size_limit(sys.maxsize // 4)  # report texts can be long cells
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
            yield ReadFailure(f"{source}:{start}", f"invalid CSV: {e}")
            return  # the csv reader cannot resynchronise after a broken quote
        fields = {k: v for k, v in row.items() if k and v not in (None, "")}
        yield Record(fields, f"{source}:{start}", start)
        start = reader.line_num + 1
