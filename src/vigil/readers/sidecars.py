"""Per-file metadata for folder ingest: a ``NAME.meta.json`` sidecar beside a file, or a
``manifest.csv`` in a folder (columns file, id, published, outlet, url, language; title and
author too), so that each report in a folder keeps its own date, outlet and address.

A sidecar is named after the whole file name (``report.txt.meta.json``) or its stem
(``report.meta.json``).  Sidecars and manifests are never read as reports.  A bad sidecar or
manifest row is one ReadFailure line; the file it describes is still read, without it.
"""
from __future__ import annotations

import csv
import json
import os
from typing import Optional

from .failures import ReadError, ReadFailure
from .published import normalise_published

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "manifest.csv"
FIELDS = ("id", "published", "outlet", "url", "language", "title", "author")
MAX_METADATA_BYTES = 1_000_000  # a sidecar or manifest is small; a huge one is a mistake


def is_metadata_file(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIX) or name.lower() == MANIFEST_NAME


def _checked(values: dict, where: str) -> dict:
    """The metadata with ``published`` normalised; ReadError on an unknown field or a bad value."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ReadError(f"unknown field {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    found = {k: str(v).strip() for k, v in values.items() if v not in (None, "") and str(v).strip()}
    if "published" in found:
        found["published"] = normalise_published(found["published"])
    return found


def _read_small(path: str) -> str:
    if os.path.getsize(path) > MAX_METADATA_BYTES:
        raise ReadError(f"larger than {MAX_METADATA_BYTES:,} bytes")
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


def sidecar_path(path: str) -> Optional[str]:
    """The sidecar describing ``path``, if there is one."""
    stem, _ = os.path.splitext(path)
    for candidate in (path + SIDECAR_SUFFIX, stem + SIDECAR_SUFFIX):
        if candidate != path and os.path.isfile(candidate):
            return candidate
    return None


def read_sidecar(path: str) -> tuple[dict, Optional[ReadFailure]]:
    """(metadata, None) from the sidecar of ``path``, or ({}, the failure) when it is bad."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return {}, None
    try:
        data = json.loads(_read_small(sidecar))
        if not isinstance(data, dict):
            raise ReadError(f"not a JSON object but a {type(data).__name__}")
        return _checked(data, sidecar), None
    except (ReadError, OSError, UnicodeDecodeError) as e:
        problem = str(e) if isinstance(e, ReadError) else (getattr(e, "strerror", None) or str(e))
    except json.JSONDecodeError as e:
        problem = f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}"
    name = os.path.basename(path)
    return {}, ReadFailure(sidecar, f"bad metadata sidecar: {problem}; {name} is read without it")


def read_manifest(folder: str) -> tuple[dict[str, dict], list[ReadFailure]]:
    """{path relative to folder: metadata} from ``folder/manifest.csv``, and its bad rows."""
    path = os.path.join(folder, MANIFEST_NAME)
    if not os.path.isfile(path):
        return {}, []
    try:
        rows = list(csv.DictReader(_read_small(path).splitlines()))
    except (ReadError, OSError, UnicodeDecodeError, csv.Error) as e:
        return {}, [ReadFailure(path, f"bad manifest: {e}; the folder is read without it")]
    entries: dict[str, dict] = {}
    failures = []
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        name = (row.pop("file", None) or "").strip()
        if not name:
            failures.append(ReadFailure(f"{path}:{number}", "manifest row has no 'file'; row skipped"))
            continue
        try:
            entries[os.path.normpath(name)] = _checked({k: v for k, v in row.items() if k}, path)
        except ReadError as e:
            failures.append(ReadFailure(f"{path}:{number}", f"bad manifest row: {e}; {name} is read without it"))
    return entries, failures
