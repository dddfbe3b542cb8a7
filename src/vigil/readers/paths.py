"""Turning the paths a user gives into the list of inputs to read, each with its document id."""
from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .failures import ReadFailure
from .sidecars import is_metadata_file, read_manifest, read_sidecar

STDIN = "-"


@dataclass
class Input:
    path: str  # what to open ("-" for stdin)
    source: str  # how failures and Document.source name it
    doc_id: str  # the file's name, or its path relative to the folder given when names clash
    relative: str  # path relative to the folder it was found in (the path as given otherwise)
    # the file's own metadata, from its sidecar or a manifest (see sidecars.py)
    metadata: dict = field(default_factory=dict)


def _special_kind(mode: int) -> Optional[str]:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return None


def _walk(folder: str) -> list[tuple[str, str]]:
    """(path, path relative to folder) of every non-hidden file below folder, sorted."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not is_metadata_file(name):
                path = os.path.join(root, name)
                found.append((path, os.path.relpath(path, folder)))
    return sorted(found, key=lambda item: item[1].split(os.sep))


def _file_problem(path: str) -> Optional[str]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    except PermissionError:
        return "permission denied"
    except OSError as e:
        return e.strerror or str(e)
    kind = _special_kind(st.st_mode)
    if kind:  # opening a pipe, a socket or a device would block or never end: refused by name
        return f"not a regular file ({kind})"
    return None


class _Manifests:
    """Each folder's manifest, read once; a file takes the row of the nearest one naming it."""

    def __init__(self) -> None:
        self._read: dict[str, dict] = {}

    def entry(self, path: str, top: str, failures: list) -> dict:
        folder = os.path.dirname(os.path.abspath(path))
        top = os.path.abspath(top)
        while True:
            if folder not in self._read:
                entries, problems = read_manifest(folder)
                self._read[folder] = entries
                failures.extend(problems)
            key = os.path.normpath(os.path.relpath(os.path.abspath(path), folder))
            if key in self._read[folder]:
                return dict(self._read[folder][key])
            if folder == top or os.path.dirname(folder) == folder:
                return {}
            folder = os.path.dirname(folder)


def _with_metadata(inp: Input, top: str, manifests: _Manifests) -> list:
    """The input with its manifest row and sidecar (the sidecar wins), after their problems."""
    failures: list = []
    metadata = manifests.entry(inp.path, top, failures)
    sidecar, problem = read_sidecar(inp.path)
    if problem:
        failures.append(problem)
    metadata.update(sidecar)
    inp.metadata = metadata
    return failures + [inp]


def expand_inputs(paths: list[str]) -> list[Input | ReadFailure]:
    """Files, folders (recursive, sorted, hidden entries skipped) and "-" -> inputs, in order."""
    items: list[Input | ReadFailure] = []
    manifests = _Manifests()
    for given in paths:
        if given == STDIN:
            items.append(Input(STDIN, STDIN, "stdin", "stdin"))
            continue
        if os.path.isdir(given):
            found = _walk(given)
            if not found:
                items.append(ReadFailure(given, "no files in folder (hidden files are skipped)"))
            for path, rel in found:
                problem = _file_problem(path)
                items.extend([ReadFailure(path, problem)] if problem else
                             _with_metadata(Input(path, path, os.path.basename(path), rel), given, manifests))
            continue
        problem = _file_problem(given)
        items.extend([ReadFailure(given, problem)] if problem else
                     _with_metadata(Input(given, given, os.path.basename(given), given),
                                    os.path.dirname(given) or ".", manifests))
    names = Counter(item.doc_id for item in items if isinstance(item, Input))
    for item in items:
        if isinstance(item, Input) and names[item.doc_id] > 1:
            item.doc_id = item.relative
    relatives = Counter(item.doc_id for item in items if isinstance(item, Input))
    for item in items:  # same relative path under two folders given: the path itself
        if isinstance(item, Input) and relatives[item.doc_id] > 1:
            item.doc_id = item.path
    for item in items:  # an id the sidecar or manifest gives is the report's id
        if isinstance(item, Input) and "id" in item.metadata:
            item.doc_id = item.metadata.pop("id")
    return items
