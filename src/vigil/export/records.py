"""Incidents as contract-shaped dicts, whatever form they arrive in.

Writers accept ``Incident`` records and plain dicts (from JSONL, an API, a merged cluster). A dict
is taken as contract-shaped: missing top-level fields get their contract defaults, and keys the
contract does not know (a merged incident's ``conflicts``) are kept after the contract's own.
"""
from __future__ import annotations

import contextlib
import dataclasses
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, TextIO, Union

from vigil.export.errors import ExportError
from vigil.model import Incident

IncidentLike = Union[Incident, Mapping[str, Any]]


def _contract_defaults() -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(Incident):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory
    return out


_DEFAULTS = _contract_defaults()
_REQUIRED = [f.name for f in dataclasses.fields(Incident) if f.name not in _DEFAULTS]


def incident_record(incident: IncidentLike, position: int = 0) -> dict[str, Any]:
    """The contract dict of an incident. A dict is taken as contract-shaped (as ``to_dict`` and
    the JSONL export write it): missing top-level fields get the contract's defaults, nested
    values are used as they are (reading them through ``Incident.from_dict`` would cost ~10 ms
    an incident, too slow for 100,000)."""
    if isinstance(incident, Incident):
        return incident.to_dict()
    if isinstance(incident, Mapping):
        missing = [name for name in _REQUIRED if incident.get(name) is None]
        if missing:
            name = incident.get("id") or f"#{position + 1}"
            raise ExportError(f"incident {name}: not an incident record (no {missing[0]!r})")
        record: dict[str, Any] = {}
        for name, default in _DEFAULTS.items():
            if name in incident:
                record[name] = incident[name]
            else:
                record[name] = default() if callable(default) else default
        ordered = {name: (incident[name] if name in _REQUIRED else record[name])
                   for name in (f.name for f in dataclasses.fields(Incident))}
        for key, value in incident.items():
            if key not in ordered:
                ordered[key] = value
        return ordered
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
