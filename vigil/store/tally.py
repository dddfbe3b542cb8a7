"""Counting incidents and summing their figures by month, year, type, sub-type or outlet."""
from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Connection

from vigil.store.errors import StoreError
from vigil.store.filters import incident_conditions
from vigil.store.schema import documents, incidents

GROUPS = {
    "month": func.substr(incidents.c.date_start, 1, 7),
    "year": func.substr(incidents.c.date_start, 1, 4),
    "type": incidents.c.event_type,
    "sub-type": incidents.c.sub_event_type,
    "outlet": documents.c.outlet,
}

_FIGURES = ("fatalities", "injured")
_BOUNDS = ("low", "best", "high")


def _known(figure: str):
    """1 when an incident states the figure at all (any bound), else 0."""
    columns = [incidents.c[f"{figure}_{bound}"] for bound in _BOUNDS]
    return func.sum(case((or_(*[c.is_not(None) for c in columns]), 1), else_=0))


def tally(connection: Connection, by: list[str], filters: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(by, str):
        by = [by]
    unknown = [key for key in by if key not in GROUPS]
    if unknown:
        raise StoreError(f"cannot tally by {unknown[0]!r}: choose from {', '.join(GROUPS)}")
    keys = [GROUPS[key].label(f"g{i}") for i, key in enumerate(by)]
    # SUM over no known values is NULL: an unknown total stays unknown, never 0.
    sums = [
        func.sum(incidents.c[f"{figure}_{bound}"]).label(f"{figure}_{bound}")
        for figure in _FIGURES
        for bound in _BOUNDS
    ]
    known = [_known(figure).label(f"{figure}_known") for figure in _FIGURES]
    statement = (
        select(*keys, func.count().label("incidents"), *sums, *known)
        .select_from(incidents.join(documents, documents.c.id == incidents.c.document_id))
        .where(*incident_conditions(**filters))
    )
    if keys:
        statement = statement.group_by(*[GROUPS[key] for key in by])
    rows = []
    for row in connection.execute(statement).mappings():
        if not keys and row["incidents"] == 0:
            continue
        out: dict[str, Any] = {key: row[f"g{i}"] for i, key in enumerate(by)}
        out["incidents"] = int(row["incidents"])
        for figure in _FIGURES:
            for bound in _BOUNDS:
                value = row[f"{figure}_{bound}"]
                out[f"{figure}_{bound}"] = None if value is None else int(value)
            out[f"{figure}_known"] = int(row[f"{figure}_known"] or 0)
        rows.append(out)
    # Sorted here so both backends agree (they order NULLs differently); unknown keys last.
    rows.sort(key=lambda r: [(r[key] is None, r[key] or "") for key in by])
    return rows



def tally_merged(connection: Connection, by: list[str], filters: dict[str, Any]) -> list[dict[str, Any]]:
    """The same tally over merged incidents: one incident told by many reports counts once
    (under ``outlet``, once per outlet that reported it)."""
    from vigil.store.filters import merged_conditions
    from vigil.store.schema import incident_members, merged_incidents as merged

    if isinstance(by, str):
        by = [by]
    outlets = (
        select(incident_members.c.merged_id, documents.c.outlet)
        .join(documents, documents.c.id == incident_members.c.document_id)
        .distinct()
        .subquery()
    )
    groups = {
        "month": func.substr(merged.c.date_start, 1, 7),
        "year": func.substr(merged.c.date_start, 1, 4),
        "type": merged.c.event_type,
        "sub-type": merged.c.sub_event_type,
        "outlet": outlets.c.outlet,
    }
    unknown = [key for key in by if key not in groups]
    if unknown:
        raise StoreError(f"cannot tally by {unknown[0]!r}: choose from {', '.join(groups)}")
    keys = [groups[key].label(f"g{i}") for i, key in enumerate(by)]
    sums = [func.sum(merged.c[f"{figure}_{bound}"]).label(f"{figure}_{bound}")
            for figure in _FIGURES for bound in _BOUNDS]
    known = [func.sum(case((or_(*[merged.c[f"{figure}_{b}"].is_not(None) for b in _BOUNDS]), 1), else_=0))
             .label(f"{figure}_known") for figure in _FIGURES]
    source = merged.join(outlets, outlets.c.merged_id == merged.c.id) if "outlet" in by else merged
    statement = (select(*keys, func.count().label("incidents"), *sums, *known)
                 .select_from(source).where(*merged_conditions(**filters)))
    if keys:
        statement = statement.group_by(*[groups[key] for key in by])
    rows = []
    for row in connection.execute(statement).mappings():
        if not keys and row["incidents"] == 0:
            continue
        out: dict[str, Any] = {key: row[f"g{i}"] for i, key in enumerate(by)}
        out["incidents"] = int(row["incidents"])
        for figure in _FIGURES:
            for bound in _BOUNDS:
                value = row[f"{figure}_{bound}"]
                out[f"{figure}_{bound}"] = None if value is None else int(value)
            out[f"{figure}_known"] = int(row[f"{figure}_known"] or 0)
        rows.append(out)
    rows.sort(key=lambda r: [(r[key] is None, r[key] or "") for key in by])
    return rows
