"""Turning the paths a user gives into the list of inputs to read, each with its document id."""
from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .failures import ReadFailure

STDIN = "-"


@dataclass
class Input:
    path: str  # what to open ("-" for stdin)
    source: str  # how failures and Document.source name it
    doc_id: str  # the file's name, or its path relative to the folder given when names clash
    relative: str  # path relative to the folder it was found in (the path as given otherwise)


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
            if not name.startswith("."):
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


def expand_inputs(paths: list[str]) -> list[Input | ReadFailure]:
    """Files, folders (recursive, sorted, hidden entries skipped) and "-" -> inputs, in order."""
    items: list[Input | ReadFailure] = []
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
                items.append(ReadFailure(path, problem) if problem
                             else Input(path, path, os.path.basename(path), rel))
            continue
        problem = _file_problem(given)
        items.append(ReadFailure(given, problem) if problem
                     else Input(given, given, os.path.basename(given), given))
    names = Counter(item.doc_id for item in items if isinstance(item, Input))
    for item in items:
        if isinstance(item, Input) and names[item.doc_id] > 1:
            item.doc_id = item.relative
    relatives = Counter(item.doc_id for item in items if isinstance(item, Input))
    for item in items:  # same relative path under two folders given: the path itself
        if isinstance(item, Input) and relatives[item.doc_id] > 1:
            item.doc_id = item.path
    return items
