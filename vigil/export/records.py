"""Incidents as contract-shaped dicts, whatever form they arrive in.

Writers accept ``Incident`` records and plain dicts (from JSONL, an API, a merged cluster). A dict
is read through ``Incident.from_dict`` so missing fields get their contract defaults, and keys the
contract does not know (a merged incident's ``conflicts``) are kept after the contract's own.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, TextIO, Union

from vigil.export.errors import ExportError
from vigil.model import Incident

IncidentLike = Union[Incident, Mapping[str, Any]]


def incident_record(incident: IncidentLike, position: int = 0) -> dict[str, Any]:
    if isinstance(incident, Incident):
        return incident.to_dict()
    if isinstance(incident, Mapping):
        try:
            record = Incident.from_dict(dict(incident)).to_dict()
        except (TypeError, ValueError, AttributeError) as error:
            name = incident.get("id", f"#{position + 1}")
            raise ExportError(f"incident {name}: not an incident record ({error})") from None
        for key, value in incident.items():
            if key not in record:
                record[key] = value
        return record
    raise ExportError(f"incident #{position + 1}: expected an Incident or a dict, got {type(incident).__name__}")


def incident_records(incidents: Iterable[IncidentLike]) -> Iterator[dict[str, Any]]:
    for position, incident in enumerate(incidents):
        yield incident_record(incident, position)


@contextlib.contextmanager
def open_text_output(path: Union[str, Path]) -> Iterator[TextIO]:
    """A text file to write (UTF-8, Unix newlines), or standard output for "-"."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        handle = target.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise ExportError(f"{target}: cannot write ({error.strerror or error})") from None
    with handle:
        yield handle
