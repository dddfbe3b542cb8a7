"""JSONL: one incident per line in the contract's JSON (DESIGN.md), extra keys of merged
incidents kept; ``Incident.from_dict(json.loads(line))`` reads each line back."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Union

from vigil.export.records import IncidentLike, incident_records, open_text_output


def write_jsonl(incidents: Iterable[IncidentLike], path: Union[str, Path]) -> int:
    written = 0
    with open_text_output(path) as handle:
        for record in incident_records(incidents):
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")
            written += 1
    return written
