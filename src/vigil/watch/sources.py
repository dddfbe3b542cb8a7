"""What `vigil watch` follows: sources given as arguments or listed in a CSV or TOML file.

A source is a feed (RSS or Atom), a news sitemap (``<urlset>``) or a folder of reports.  A URL's
kind is found from what it serves unless the file names it; a path that is a folder is a folder.
Each source may carry its own polling interval ("90", "30s", "15m", "2h", "1d"), outlet,
language and cap on the articles fetched per poll (``max_items``).  A bad row of a file is one
problem line and the other rows are still followed.
"""
from __future__ import annotations

import csv
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

KINDS = ("feed", "sitemap", "folder")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_ITEMS = 100  # new articles fetched per poll when neither the source nor the command says
FIELDS = ("url", "kind", "interval", "outlet", "language", "max_items")


class SourceError(ValueError):
    """A source that cannot be followed; the message is one line naming it."""


@dataclass(frozen=True)
class Source:
    location: str  # an http(s) URL, or a folder's absolute path
    kind: Optional[str] = None  # feed | sitemap | folder; None: found from what the URL serves
    interval: Optional[float] = None  # seconds between polls; None: the command's default
    outlet: Optional[str] = None
    language: Optional[str] = None
    max_items: Optional[int] = None  # articles fetched per poll, 0 for no cap; None: the command's default

    @property
    def is_web(self) -> bool:
        return self.kind != "folder"


def parse_interval(value) -> float:
    """Seconds from 900, "900", "30s", "15m", "2h" or "1d"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    match = _INTERVAL.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise SourceError(f"bad interval {value!r}: use seconds or a number with s, m, h or d (15m)")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def parse_max_items(value) -> int:
    """A cap on the articles fetched per poll: a whole number, 0 for none."""
    text = str(value).strip() if not isinstance(value, bool) else ""
    if not text.isdigit():
        raise SourceError(f"bad max_items {value!r}: use a whole number of articles per poll (0: no cap)")
    return int(text)


def make_source(location: str, *, kind: Optional[str] = None, interval=None, outlet: Optional[str] = None,
                language: Optional[str] = None, max_items=None, relative_to: Optional[Path] = None) -> Source:
    """A checked Source; SourceError names what is wrong with it."""
    location = (location or "").strip()
    if not location:
        raise SourceError("a source without a URL or folder")
    kind = (kind or "").strip().lower() or None
    if kind is not None and kind not in KINDS:
        raise SourceError(f"{location}: unknown kind {kind!r} (use {', '.join(KINDS)})")
    seconds = None if interval in (None, "") else parse_interval(interval)
    cap = None if max_items in (None, "") else parse_max_items(max_items)
    parts = urlsplit(location)
    if parts.scheme in ("http", "https"):
        if not parts.netloc:
            raise SourceError(f"{location}: a URL without a host")
        if kind == "folder":
            raise SourceError(f"{location}: a URL cannot be a folder")
        return Source(location, kind, seconds, outlet or None, language or None, cap)
    if parts.scheme == "file":
        location = parts.path
    elif re.match(r"^[a-z][a-z0-9+.-]*://", location, re.I):
        raise SourceError(f"{location}: not a URL Vigil can follow (use http, https or a folder)")
    path = Path(location).expanduser()
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    if not path.is_dir():
        raise SourceError(f"{location}: no such folder (a source is an http(s) URL or a folder)")
    if kind not in (None, "folder"):
        raise SourceError(f"{location}: a folder cannot be a {kind}")
    return Source(str(path.resolve()), "folder", seconds, outlet or None, language or None, cap)


def read_sources_file(path: str) -> tuple[list[Source], list[str]]:
    """The sources a CSV or TOML file lists, and a problem line for each row that cannot be
    followed.  Raises SourceError when the file itself cannot be read."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: {(error.strerror or str(error)).lower()}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text") from None
    rows = _toml_rows(text, path) if file.suffix.lower() == ".toml" else _csv_rows(text, path)
    sources, problems = [], []
    for where, row in rows:
        try:
            sources.append(make_source(row.get("url") or "", kind=row.get("kind"), interval=row.get("interval"),
                                       outlet=row.get("outlet"), language=row.get("language"),
                                       max_items=row.get("max_items"), relative_to=file.parent))
        except SourceError as error:
            problems.append(f"{where}: {error}")
    return sources, problems


def _toml_rows(text: str, path: str) -> list[tuple[str, dict]]:
    """``[[source]]`` tables (url = ..., interval = "15m", ...) or ``sources = ["url", ...]``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path}: not TOML ({error})") from None
    rows = []
    for number, entry in enumerate(data.get("sources", []), start=1):
        rows.append((f"{path}: sources[{number}]", entry if isinstance(entry, dict) else {"url": str(entry)}))
    for number, entry in enumerate(data.get("source", []), start=1):
        if not isinstance(entry, dict):
            raise SourceError(f"{path}: [[source]] must be tables with url = ...")
        rows.append((f"{path}: [[source]] {number}", _known_fields(entry, f"{path}: [[source]] {number}")))
    if not rows:
        raise SourceError(f"{path}: no sources (write [[source]] tables with url = ...)")
    return rows


def _known_fields(entry: dict, where: str) -> dict:
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise SourceError(f"{where}: unknown field {unknown[0]!r} (use {', '.join(FIELDS)})")
    return {k: (v if k in ("interval", "max_items") else str(v)) for k, v in entry.items()}


def _csv_rows(text: str, path: str) -> list[tuple[str, dict]]:
    """A header row naming url (or source) and optionally kind, interval, outlet, language, max_items;
    without a header, one URL or folder a line.  Blank lines and lines starting with # are skipped."""
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise SourceError(f"{path}: no sources")
    header = [h.strip().lower() for h in next(csv.reader([lines[0][1]]))]
    if "url" not in header and "source" not in header:
        return [(f"{path}: line {number}", {"url": line.strip()}) for number, line in lines]
    header = ["url" if h == "source" else h for h in header]
    rows = []
    for number, line in lines[1:]:
        values = next(csv.reader([line]))
        rows.append((f"{path}: line {number}", {h: v.strip() for h, v in zip(header, values) if h in FIELDS}))
    return rows


def display(source: Source) -> str:
    """How a source is named in the log: its URL, or its folder relative to here when inside it."""
    if source.is_web:
        return source.location
    try:
        relative = os.path.relpath(source.location)
    except ValueError:
        return source.location
    return source.location if relative.startswith("..") else relative
