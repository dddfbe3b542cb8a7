"""An incident as one flat row: scalars and lists of strings, no nesting.

Used where tools expect a table (GeoJSON properties for QGIS, pandas data frames). Counts become
``<field>_low/_best/_high``; people and groups become lists of names and categories; evidence and
sources become lists of documents, outlets and addresses.
"""
from __future__ import annotations

from typing import Any

from vigil.export.fields import edited_fields, names, outlets

COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")
LOCATION_FIELDS = ("name", "neighbourhood", "town", "district", "city", "province", "country",
                   "lat", "lon", "precision", "gazetteer_id", "text", "coord_quality")
LIST_FIELDS = ("weapons", "perpetrators", "perpetrator_categories", "perpetrator_attributions",
               "targets", "target_categories", "victims", "victim_roles", "documents", "outlets", "urls",
               "edited_fields")


def flat_columns() -> list[str]:
    columns = ["id", "event_type", "sub_event_type", "attack_type", "weapons",
               "date_start", "date_end", "date_precision", "date_text"]
    columns += [f"location_{key}" for key in LOCATION_FIELDS]
    columns += ["perpetrators", "perpetrator_categories", "perpetrator_attributions",
                "targets", "target_categories", "victims", "victim_roles"]
    for field in COUNT_FIELDS:
        columns += [f"{field}_low", f"{field}_best", f"{field}_high"]
    columns += ["documents", "outlets", "urls", "published_first", "evidence_count", "report_count",
                "status", "confidence", "edited_fields"]
    return columns


def flat_record(record: dict) -> dict[str, Any]:
    date = record.get("date") or {}
    location = record.get("location") or {}
    row: dict[str, Any] = {
        "id": record["id"],
        "event_type": record.get("event_type"),
        "sub_event_type": record.get("sub_event_type"),
        "attack_type": record.get("attack_type"),
        "weapons": list(record.get("weapons") or []),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision") if record.get("date") else None,
        "date_text": date.get("text"),
    }
    for key in LOCATION_FIELDS:
        row[f"location_{key}"] = location.get(key)
    perpetrators = record.get("perpetrators") or []
    targets = record.get("targets") or []
    victims = record.get("victims") or []
    row.update(
        perpetrators=[p.get("name") or p.get("text") or "" for p in perpetrators],
        perpetrator_categories=[p.get("category") or "" for p in perpetrators],
        perpetrator_attributions=[p.get("attribution") or "" for p in perpetrators],
        targets=[t.get("name") or t.get("text") or "" for t in targets],
        target_categories=[t.get("category") or "" for t in targets],
        victims=[v.get("name") or v.get("text") or "" for v in victims],
        victim_roles=[v.get("role") or "" for v in victims],
    )
    for field in COUNT_FIELDS:
        count = record.get(field) or {}
        for bound in ("low", "best", "high"):
            row[f"{field}_{bound}"] = count.get(bound)
    sources = record.get("sources") or []
    documents = names(record.get("evidence") or [], "document")
    for document in names(sources, "document"):
        if document not in documents:
            documents.append(document)
    published = sorted(s["published"] for s in sources if s.get("published"))
    row.update(
        documents=documents,
        outlets=outlets(record),
        urls=names(sources, "url"),
        published_first=published[0] if published else None,
        evidence_count=len(record.get("evidence") or []),
        report_count=len(documents),
        status=record.get("status"),
        confidence=record.get("confidence"),
        edited_fields=edited_fields(record),  # set by a reviewer rather than read from the reports
    )
    return row
