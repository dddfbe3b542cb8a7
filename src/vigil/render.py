"""Printing records in the formats every command offers: table, jsonl, json, csv.

Records arrive as contract-shaped dicts; table and CSV show flat columns chosen per command,
JSON and JSONL the whole record.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, Callable, Iterable, Optional, TextIO

FORMATS = ("table", "jsonl", "json", "csv")

Column = tuple[str, Callable[[dict], Any]]


def count_range(count: Optional[dict]) -> str:
    """A count as a reader expects it: '13', '50+', '20–25', '' when the text gives none."""
    if not count:
        return ""
    low, best, high = count.get("low"), count.get("best"), count.get("high")
    if low is not None and high is None:
        return f"{low}+"
    if low is not None and high is not None and low != high:
        return f"{low}–{high}"
    value = best if best is not None else low
    return "" if value is None else str(value)


def incident_columns() -> list[Column]:
    return [
        ("id", lambda r: r["id"]),
        ("date", lambda r: (r.get("date") or {}).get("start") or ""),
        ("precision", lambda r: (r.get("date") or {}).get("precision") or ""),
        ("event_type", lambda r: r.get("event_type") or ""),
        ("sub_event_type", lambda r: r.get("sub_event_type") or ""),
        ("place", lambda r: (r.get("location") or {}).get("name") or ""),
        ("fatalities", lambda r: count_range(r.get("fatalities"))),
        ("injured", lambda r: count_range(r.get("injured"))),
        ("documents", lambda r: " ".join(sorted({e["document"] for e in r.get("evidence", [])}))),
    ]


def document_columns() -> list[Column]:
    return [
        ("id", lambda r: r["id"]),
        ("outlet", lambda r: r.get("outlet") or ""),
        ("published", lambda r: (r.get("published") or "") + ("*" if r.get("published_inferred") else "")),
        ("format", lambda r: r.get("format") or ""),
        ("words", lambda r: r.get("word_count") if r.get("word_count") is not None else ""),
        ("duplicate_of", lambda r: r.get("duplicate_of") or ""),
        ("title", lambda r: (r.get("title") or "")[:60]),
    ]


def claim_columns() -> list[Column]:
    return [
        ("id", lambda r: r["id"]),
        ("value", lambda r: r.get("value")),
        ("kind", lambda r: r.get("kind") or ""),
        ("quantity", lambda r: r.get("quantity") or ""),
        ("place", lambda r: r.get("place") or ""),
        ("document", lambda r: (r.get("evidence") or {}).get("document") or ""),
    ]


def generic_columns(records: list[dict]) -> list[Column]:
    keys: list[str] = []
    for r in records:
        keys.extend(k for k in r if k not in keys)
    return [(k, (lambda key: lambda r: r.get(key, ""))(k)) for k in keys]


def write_jsonl(record: dict, out: TextIO) -> None:
    """One record as one JSON line (what ``render(..., "jsonl")`` prints, a record at a time)."""
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def render(records: Iterable[dict], fmt: str, columns: Optional[list[Column]] = None,
           out: Optional[TextIO] = None, title: Optional[str] = None) -> None:
    out = out if out is not None else sys.stdout  # looked up now, so captured output is honoured
    records = list(records)
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    columns = columns or generic_columns(records)
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([name for name, _ in columns])
        for r in records:
            writer.writerow(["" if get(r) is None else get(r) for _, get in columns])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for name, _ in columns:
        table.add_column(name, overflow="fold")
    for r in records:
        table.add_row(*["" if get(r) is None else str(get(r)) for _, get in columns])
    Console(file=out, width=None if out.isatty() else 200).print(table)
