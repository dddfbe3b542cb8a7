"""Parquet: one row per incident with typed columns; nested contract fields stay nested.

``date`` is a struct of two ``date32`` days, precision and text; counts are structs of int64
``low/best/high``; perpetrators, targets, victims, evidence, sources and per-report figures are
lists of structs; coordinates are float64. Keys a merged incident carries beyond the contract
(e.g. ``conflicts``) are kept as JSON text in ``extra``. Needs pyarrow.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from vigil.export.errors import ExportError
from vigil.export.fields import parse_date
from vigil.export.records import IncidentLike, incident_records

CONTRACT_KEYS = ("id", "event_type", "sub_event_type", "attack_type", "weapons", "date", "location",
                 "perpetrators", "targets", "victims", "fatalities", "injured", "kidnapped", "arrested",
                 "perpetrators_killed", "evidence", "sources", "reports", "status", "confidence", "follows",
                 "follow_ups")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - loads the writer
    except ImportError:
        raise ExportError("parquet export needs pyarrow: pip install pyarrow") from None
    return pyarrow


def incident_schema():
    pa = _pyarrow()
    text = pa.string()
    count = pa.struct([("low", pa.int64()), ("best", pa.int64()), ("high", pa.int64())])
    date = pa.struct([("start", pa.date32()), ("end", pa.date32()), ("precision", text), ("text", text)])
    return pa.schema([
        ("id", text), ("event_type", text), ("sub_event_type", text), ("attack_type", text),
        ("weapons", pa.list_(text)),
        ("date", date),
        ("location", pa.struct([
            ("name", text), ("neighbourhood", text), ("town", text), ("district", text), ("city", text),
            ("province", text), ("country", text), ("lat", pa.float64()), ("lon", pa.float64()),
            ("precision", text), ("gazetteer_id", text), ("text", text), ("coord_quality", text),
        ])),
        ("perpetrators", pa.list_(pa.struct([("name", text), ("text", text), ("category", text),
                                             ("attribution", text)]))),
        ("targets", pa.list_(pa.struct([("name", text), ("text", text), ("category", text)]))),
        ("victims", pa.list_(pa.struct([("name", text), ("text", text), ("role", text)]))),
        ("fatalities", count), ("injured", count), ("kidnapped", count), ("arrested", count),
        ("perpetrators_killed", count),
        ("evidence", pa.list_(pa.struct([("document", text), ("sentence", text), ("start", pa.int64()),
                                         ("end", pa.int64()), ("timestamp", text)]))),
        ("sources", pa.list_(pa.struct([("document", text), ("outlet", text), ("url", text),
                                        ("published", text), ("language", text)]))),
        ("reports", pa.list_(pa.struct([("document", text), ("fatalities", count), ("injured", count)]))),
        ("status", text), ("confidence", pa.float64()),
        ("follows", text),
        ("follow_ups", pa.list_(pa.struct([("incident", text), ("sub_event_type", text), ("date", date)]))),
        ("extra", text),
    ], metadata={"vigil.record": "incident", "vigil.contract": "DESIGN.md#incident"})


def _typed_date(date: Optional[dict], record_id: str) -> Optional[dict]:
    """A contract date with its days as dates (``date32``)."""
    if not date:
        return date
    typed = dict(date)
    for key in ("start", "end"):
        value = date.get(key)
        day = parse_date(value, end=key == "end")
        if value and day is None:
            raise ExportError(f"incident {record_id}: date {key} {value!r} is not an ISO date")
        typed[key] = day
    return typed


def _typed_row(record: dict) -> dict[str, Any]:
    row = {key: record.get(key) for key in CONTRACT_KEYS}
    row["date"] = _typed_date(record.get("date"), record["id"])
    row["follow_ups"] = [dict(step, date=_typed_date(step.get("date"), record["id"]))
                         for step in record.get("follow_ups") or []]
    extra = {k: v for k, v in record.items() if k not in CONTRACT_KEYS}
    row["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return row


def incidents_table(incidents: Iterable[IncidentLike]):
    """The incidents as a pyarrow Table with ``incident_schema()``."""
    pa = _pyarrow()
    rows = [_typed_row(record) for record in incident_records(incidents)]
    try:
        return pa.Table.from_pylist(rows, schema=incident_schema())
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise ExportError(f"parquet export: a field does not have its contract type ({error})") from None


def write_parquet(incidents: Iterable[IncidentLike], path: Union[str, Path]) -> int:
    """Write the incidents to a Parquet file (zstd-compressed); returns the number of rows."""
    if str(path) == "-":
        raise ExportError("parquet is a binary format: give a file name with -o, not -")
    pa = _pyarrow()
    table = incidents_table(incidents)
    try:
        pa.parquet.write_table(table, str(path), compression="zstd")
    except OSError as error:
        raise ExportError(f"{path}: cannot write ({error})") from None
    return table.num_rows
