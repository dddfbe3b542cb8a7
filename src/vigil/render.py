"""Printing records in the formats every command offers: table, jsonl, json, csv.

Records arrive as contract-shaped dicts; table and CSV show flat columns chosen per command,
JSON and JSONL the whole record.
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Callable, Iterable, Optional, TextIO

FORMATS = ("table", "jsonl", "json", "csv")

Column = tuple[str, Callable[[dict], Any]]

WHOLE_COLUMNS = frozenset({"id", "date", "claim"})  # copied into other commands: never broken
MIN_CELL_WIDTH = 10


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


def review_columns() -> list[Column]:
    """An incident after a review decision: its fields, status and what a person edited."""
    return [*incident_columns()[:-1],
            ("status", lambda r: r.get("status") or ""),
            ("edited", lambda r: ", ".join(r.get("edited") or [])),
            incident_columns()[-1]]


def queue_columns() -> list[Column]:
    """The review queue: why each incident waits, then the incident."""
    return [("need", lambda r: r.get("need") or ""),
            ("confidence", lambda r: "" if r.get("confidence") is None else f"{r['confidence']:.2f}"),
            *review_columns()]


def value_text(value: Any) -> str:
    """A field's value in a revision as a reader reads it: a toll as LOW/BEST/HIGH, a place by name,
    actors by name, a date as its range."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if set(value) <= {"low", "best", "high"}:  # a toll, as `incidents edit --value` takes it
            bounds = [value.get(k) for k in ("low", "best", "high")]
            return str(bounds[1]) if len(set(bounds)) == 1 else "/".join("" if b is None else str(b) for b in bounds)
        if "gazetteer_id" in value:  # a location
            return value.get("name") or value.get("gazetteer_id") or ""
        if "start" in value:  # a date range
            start, end = value.get("start") or "", value.get("end") or ""
            return start if start == end else f"{start} to {end}"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join((v.get("name") or v.get("text") or v.get("category") or "") if isinstance(v, dict)
                         else value_text(v) for v in value)
    return str(value)


def revision_columns() -> list[Column]:
    """Recorded decisions (Store.revisions): who, when, what changed from what to what, why."""
    return [
        ("revision", lambda r: r["id"]),
        ("when", lambda r: r.get("created_at") or ""),
        ("by", lambda r: r.get("author") or ""),
        ("field", lambda r: r.get("field") or ""),
        ("from", lambda r: value_text(r.get("old_value"))),
        ("to", lambda r: value_text(r.get("new_value"))),
        ("reason", lambda r: r.get("reason") or ""),
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


def failure_columns() -> list[Column]:
    """Reports stored as failed (Store.failed_documents)."""
    return [
        ("id", lambda r: r["id"]),
        ("source", lambda r: r.get("source") or ""),
        ("stage", lambda r: r["stage"]),
        ("error", lambda r: f"{r['error']}: {r['message']}" if r.get("message") else r["error"]),
        ("version", lambda r: r["version"]),
        ("when", lambda r: r["failed_at"]),
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


def tally_columns(by: Iterable[str]) -> list[Column]:
    """A tally's columns, known before any row (an empty tally's CSV still has its header)."""
    names = [*by, "incidents"] + [f"{figure}_{part}" for figure in ("fatalities", "injured")
                                  for part in ("low", "best", "high", "known")]
    return [(name, (lambda key: lambda r: r.get(key, ""))(name)) for name in names]


def disagreement_columns() -> list[Column]:
    """One row per value of a disagreement (see ``disagreement_rows``)."""
    return [(name, (lambda key: lambda r: r.get(key, ""))(name))
            for name in ("about", "quantity", "value", "documents", "explanation")]


def disagreement_rows(disagreements: Iterable[dict]) -> list[dict]:
    """Rows of vigil.resolve.disagreements entries: what it is about, the figure or field, each
    value as stated and the reports that give it."""
    return [{"about": d.get("subject") or "", "quantity": d.get("quantity") or "",
             "value": v.get("text", v.get("value")) + (f" ({v['qualifier']})" if v.get("qualifier") else ""),
             "documents": " ".join(sorted(x for x in v.get("documents") or [] if x)),
             "explanation": d.get("explanation") or ""} for d in disagreements for v in d.get("values") or []]


def generic_columns(records: list[dict]) -> list[Column]:
    keys: list[str] = []
    for r in records:
        keys.extend(k for k in r if k not in keys)
    return [(k, (lambda key: lambda r: r.get(key, ""))(k)) for k in keys]


def table_width(out: TextIO) -> Optional[int]:
    """$COLUMNS when set, the terminal's width on a terminal, else wide enough for whole ids."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    return None if out.isatty() else 200


def write_jsonl(record: dict, out: TextIO) -> None:
    """One record as one JSON line (what ``render(..., "jsonl")`` prints, a record at a time)."""
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


# Control characters from a report (an escape sequence in an outlet or a title) would be run by
# the terminal: a table shows them as visible escapes instead ("\x1b", "\r").
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but tab and newline written as a visible escape."""
    return _CONTROL_CHARACTERS.sub(lambda m: repr(m.group())[1:-1], text)


def render(records: Iterable[dict], fmt: str, columns: Optional[list[Column]] = None,
           out: Optional[TextIO] = None, title: Optional[str] = None, empty: str = "Nothing matches.") -> None:
    """Print ``records`` in ``fmt``. No records reads the same in every command: the ``empty``
    line for a table, the header alone in CSV, ``[]`` in JSON, nothing in JSONL."""
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
        from vigil.csv_cells import SafeWriter

        writer = SafeWriter(out)
        writer.writerow([name for name, _ in columns])
        for r in records:
            writer.writerow([get(r) for _, get in columns])
        return
    if not records:
        out.write(empty + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=table_width(out))
    cells = [["" if get(r) is None else printable(str(get(r))) for _, get in columns] for r in records]
    kept = fitting_columns([name for name, _ in columns], cells, console.width)
    # A light frame leaves the room to the text; headers and ids are never broken, other cells
    # wrap at word boundaries; columns that cannot fit at all are named below the table.
    table = Table(title=printable(title) if title else title, box=box.SIMPLE_HEAD, pad_edge=False)
    for index, width in kept:
        name = columns[index][0]
        table.add_column(name, no_wrap=name in WHOLE_COLUMNS, overflow="fold", min_width=width)
    for row in cells:
        table.add_row(*[row[index] for index, _ in kept])
    console.print(table)
    left_out = [columns[i][0] for i in range(len(columns)) if i not in dict(kept)]
    if left_out:
        import textwrap

        note = f"(not shown at this width: {', '.join(left_out)}; widen the terminal or use --format csv)"
        out.write(textwrap.fill(note, width=console.width) + "\n")


def fitting_columns(names: list[str], cells: list[list[str]], width: int) -> list[tuple[int, int]]:
    """(column index, minimum width) of the columns shown in ``width`` characters, left to right:
    each needs its header whole and, unless it holds ids, room for a short word of its cells."""
    kept: list[tuple[int, int]] = []
    used = 0
    for index, name in enumerate(names):
        longest = max((len(row[index]) for row in cells), default=0)
        need = max(len(name), longest if name in WHOLE_COLUMNS else min(longest, MIN_CELL_WIDTH))
        gap = 2 if kept else 0
        if used + gap + need > width:
            break
        kept.append((index, need))
        used += gap + need
    return kept
