"""Imported incident records checked field by field against the Incident contract (DESIGN.md).

A file of incidents (``vigil export --to jsonl``) can come from anywhere, so every field is checked
before anything is stored: its type (pydantic reads the contract straight from ``vigil.model``'s
dataclasses, strictly: no "10" for 10, no 1e9 or true for an offset), then what a type cannot say
(offsets that fit a report, counts a database integer can hold, coordinates that are numbers).
The first problem is named by its field's path: ``evidence[0].start: ...``.
"""
from __future__ import annotations

import functools
import math
from typing import Any, Optional

# The readers cut reports into parts of at most 1,000,000 characters (``max_report_chars``); an
# import writes a partial report as long as its furthest evidence, so an offset past ten times that
# cites no report Vigil made and would only fill memory with spaces.
LONGEST_REPORT = 10_000_000
LONGEST_TIMESTAMP = 16  # the store's column for a cue's timestamp ("0:03:31", "00:00:01,500")
COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")


@functools.lru_cache(maxsize=1)
def _incident_adapter():
    from pydantic import TypeAdapter  # imported here: only an import of incidents needs it

    from vigil.model import Incident

    return TypeAdapter(Incident)


def _path(location: tuple) -> str:
    """('evidence', 0, 'start') -> 'evidence[0].start'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def type_problem(line: str) -> Optional[str]:
    """The first field of a JSON line whose type breaks the Incident contract, or None."""
    from pydantic import ValidationError

    try:
        _incident_adapter().validate_json(line, strict=True)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        expected = first["msg"].replace("Input should be ", "expected ")
        return f"{_path(first['loc'])}: {expected}, got {_shown(first.get('input'))}"
    return None


def _count_problem(name: str, count: Optional[dict]) -> Optional[str]:
    from vigil.extract.numbers import largest_figure

    for bound in ("low", "best", "high"):
        value = (count or {}).get(bound)
        if value is not None and not 0 <= value <= largest_figure():
            return f"{name}.{bound}: {_shown(value)} is no count (0 to {largest_figure():,})"
    return None


def value_problem(record: dict[str, Any]) -> Optional[str]:
    """What types cannot say: evidence that fits a report, counts, finite coordinates.
    ``record`` has passed ``type_problem``."""
    if not record["id"]:
        return "id: empty"
    if not record["evidence"]:
        return "evidence: empty (an incident needs the sentence it comes from)"
    for i, e in enumerate(record["evidence"]):
        where = f"evidence[{i}]"
        if not e["document"]:
            return f"{where}.document: empty"
        if not e["sentence"]:
            return f"{where}.sentence: empty"
        if not 0 <= e["start"] <= LONGEST_REPORT:
            return f"{where}.start: {e['start']} is outside any report (0 to {LONGEST_REPORT:,})"
        if e.get("timestamp") is not None and len(e["timestamp"]) > LONGEST_TIMESTAMP:
            return f"{where}.timestamp: {_shown(e['timestamp'])} is no cue timestamp (at most {LONGEST_TIMESTAMP} characters)"
        if e["end"] - e["start"] != len(e["sentence"]):
            return (f"{where}.end: offsets [{e['start']}:{e['end']}] span {e['end'] - e['start']} characters, "
                    f"the sentence has {len(e['sentence'])}")
    for name in COUNT_FIELDS:
        problem = _count_problem(name, record.get(name))
        if problem:
            return problem
    for i, figures in enumerate(record.get("reports") or []):
        for name in ("fatalities", "injured"):
            problem = _count_problem(f"reports[{i}].{name}", figures.get(name))
            if problem:
                return problem
    location = record.get("location") or {}
    for name, limit in (("lat", 90), ("lon", 180)):
        if location.get(name) is not None and not -limit <= location[name] <= limit:
            return f"location.{name}: {location[name]} is not a coordinate (-{limit} to {limit})"
    if record.get("confidence") is not None and not math.isfinite(record["confidence"]):
        return f"confidence: {record['confidence']} is not a number"
    return None
