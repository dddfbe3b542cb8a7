"""Counting incidents and summing their figures by month, year, type, sub-type or outlet."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

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


def _open_ended(table, figure: str):
    """How many incidents state a figure with no upper bound ("at least 28"): their group's
    total has no upper bound either, so its high is None rather than a sum that leaves them out."""
    low, best, high = (table.c[f"{figure}_{bound}"] for bound in _BOUNDS)
    return func.sum(case(((high.is_(None)) & (low.is_not(None) | best.is_not(None)), 1), else_=0))


def _row_figures(row, out: dict[str, Any]) -> None:
    for figure in _FIGURES:
        for bound in _BOUNDS:
            value = row[f"{figure}_{bound}"]
            out[f"{figure}_{bound}"] = None if value is None else int(value)
        if row[f"{figure}_open"]:
            out[f"{figure}_high"] = None
        out[f"{figure}_known"] = int(row[f"{figure}_known"] or 0)


def _known(table, figure: str):
    """How many incidents state the figure at all (any bound)."""
    columns = [table.c[f"{figure}_{bound}"] for bound in _BOUNDS]
    return func.sum(case((or_(*[c.is_not(None) for c in columns]), 1), else_=0))


def _figure_columns(table) -> list:
    """Per figure and bound the sum of the known values (SUM over none is NULL: an unknown total
    stays unknown, never 0), how many incidents state it, and how many leave it open-ended."""
    sums = [func.sum(table.c[f"{figure}_{bound}"]).label(f"{figure}_{bound}")
            for figure in _FIGURES for bound in _BOUNDS]
    return (sums + [_known(table, figure).label(f"{figure}_known") for figure in _FIGURES]
            + [_open_ended(table, figure).label(f"{figure}_open") for figure in _FIGURES])


def _grouped_rows(connection: Connection, statement, by: list[str]) -> list[dict[str, Any]]:
    rows = []
    for row in connection.execute(statement).mappings():
        if not by and row["incidents"] == 0:
            continue
        out: dict[str, Any] = {key: row[f"g{i}"] for i, key in enumerate(by)}
        out["incidents"] = int(row["incidents"])
        _row_figures(row, out)
        rows.append(out)
    # Sorted here so both backends agree (they order NULLs differently); unknown keys last.
    rows.sort(key=lambda r: [(r[key] is None, r[key] or "") for key in by])
    return rows


def tally(connection: Connection, by: list[str], filters: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(by, str):
        by = [by]
    unknown = [key for key in by if key not in GROUPS]
    if unknown:
        raise StoreError(f"cannot tally by {unknown[0]!r}: choose from {', '.join(GROUPS)}")
    keys = [GROUPS[key].label(f"g{i}") for i, key in enumerate(by)]
    statement = (
        select(*keys, func.count().label("incidents"), *_figure_columns(incidents))
        .select_from(incidents.join(documents, documents.c.id == incidents.c.document_id))
        .where(*incident_conditions(**filters))
    )
    if keys:
        statement = statement.group_by(*[GROUPS[key] for key in by])
    return _grouped_rows(connection, statement, by)



# Keys a merged tally groups by; all but target, perpetrator and place run as one SQL GROUP BY,
# those (an incident can have several targets or perpetrators) are counted here from the facet
# lists.  A week is keyed by its Monday (as the situation report's charts are): days are grouped
# in SQL, then folded.  case-stage: how far an incident's case went (vigil.resolve.cases;
# judicial steps, themselves stages of a case, count under None).
MERGED_GROUPS = ("month", "year", "week", "type", "sub-type", "target", "perpetrator", "place", "outlet", "case-stage")
_SQL_GROUPS = frozenset({"month", "year", "week", "type", "sub-type", "outlet", "case-stage"})


def _outlets():
    """(merged id, outlet) of every report whose sentences an incident's evidence cites."""
    from vigil.store.schema import incident_evidence, incident_members

    return (
        select(incident_members.c.merged_id, documents.c.outlet)
        .join(incident_evidence, incident_evidence.c.incident_id == incident_members.c.mention_id)
        .join(documents, documents.c.id == incident_evidence.c.document_id)
        .distinct()
        .subquery()
    )


def _check_groups(by: list[str], level: str) -> None:
    from vigil.store.facets import PLACE_LEVELS

    unknown = [key for key in by if key not in MERGED_GROUPS]
    if unknown:
        raise StoreError(f"cannot tally by {unknown[0]!r}: choose from {', '.join(MERGED_GROUPS)}")
    if level not in PLACE_LEVELS:
        raise StoreError(f"cannot tally places at level {level!r}: choose from {', '.join(PLACE_LEVELS)}")


def tally_merged(connection: Connection, by: list[str], filters: dict[str, Any], level: str = "town") -> list[dict[str, Any]]:
    """The tally over merged incidents: one incident told by many reports counts once.  Under a
    key with several values (outlet, target, perpetrator) an incident counts once per value;
    an incident without one counts under None.  ``level``: where ``place`` groups (facets)."""
    if isinstance(by, str):
        by = [by]
    _check_groups(by, level)
    if set(by) <= _SQL_GROUPS:
        return _tally_merged_sql(connection, by, filters)
    if len(by) == 1 and by[0] in _MARK_COLUMNS:
        return _tally_merged_marks(connection, by[0], filters, level)
    return _tally_merged_rows(connection, by, filters, level)


# The list a tally by place, target or perpetrator reads its values from.
_MARK_COLUMNS = {"place": "places", "target": "targets", "perpetrator": "perpetrators"}


def _mark_values(key: str, marks: str, level: str) -> list:
    from vigil.store import facets

    if key == "target":
        return facets.plain_keys(marks) or [None]
    if key == "perpetrator":
        return facets.labels(marks, "who:") or [None]
    return [facets.place_label(marks, level)]


def _tally_merged_marks(connection: Connection, key: str, filters: dict[str, Any], level: str) -> list[dict[str, Any]]:
    """A tally by place, target or perpetrator summed in SQL per distinct list (incidents filed
    under the same places, say, share every value), then per value here: the same sums as
    counting incident by incident, from a few hundred groups rather than every incident."""
    from vigil.store.filters import merged_conditions
    from vigil.store.schema import merged_incidents as merged

    column = merged.c[_MARK_COLUMNS[key]]
    statement = (select(column.label("marks"), func.count().label("incidents"), *_figure_columns(merged))
                 .where(*merged_conditions(**filters, connection=connection)).group_by(column))
    totals: dict[Any, dict[str, Any]] = {}
    for group in connection.execute(statement).mappings():
        for value in _mark_values(key, group["marks"], level):
            total = totals.get(value)
            if total is None:
                total = totals[value] = {key: value, "incidents": 0, "_open": set()}
                for figure in _FIGURES:  # the columns in the order the SQL tally gives them
                    total.update({f"{figure}_{bound}": None for bound in _BOUNDS}, **{f"{figure}_known": 0})
            total["incidents"] += int(group["incidents"])
            for figure in _FIGURES:
                for bound in _BOUNDS:
                    name = f"{figure}_{bound}"
                    if group[name] is not None:  # unknown stays unknown, never 0
                        total[name] = int(group[name]) + (total[name] or 0)
                total[f"{figure}_known"] += int(group[f"{figure}_known"] or 0)
                if group[f"{figure}_open"]:
                    total["_open"].add(figure)
    rows = []
    for total in totals.values():
        for figure in total.pop("_open"):
            total[f"{figure}_high"] = None  # an open-ended figure leaves the total open-ended
        rows.append(total)
    rows.sort(key=lambda r: (r[key] is None, r[key] or ""))
    return rows


def _tally_merged_sql(connection: Connection, by: list[str], filters: dict[str, Any]) -> list[dict[str, Any]]:
    from vigil.store.filters import merged_conditions
    from vigil.store.schema import merged_incidents as merged

    outlets = _outlets()
    groups = {
        "month": func.substr(merged.c.date_start, 1, 7),
        "year": func.substr(merged.c.date_start, 1, 4),
        "type": merged.c.event_type,
        "sub-type": merged.c.sub_event_type,
        "outlet": outlets.c.outlet,
        "case-stage": merged.c.case_stage,
    }
    if "week" in by:
        groups["week"] = func.substr(merged.c.date_start, 1, 10)  # the day, folded into its week below
    keys = [groups[key].label(f"g{i}") for i, key in enumerate(by)]
    source = merged.outerjoin(outlets, outlets.c.merged_id == merged.c.id) if "outlet" in by else merged
    statement = (select(*keys, func.count().label("incidents"), *_figure_columns(merged))
                 .select_from(source).where(*merged_conditions(**filters, connection=connection)))
    if keys:
        statement = statement.group_by(*[groups[key] for key in by])
    rows = _grouped_rows(connection, statement, by)
    return _fold_weeks(rows, by) if "week" in by else rows


def week_of(day: Optional[str]) -> Optional[str]:
    """The Monday (ISO date) of the week ``day`` falls in; None for no day or a bad one."""
    try:
        moment = dt.date.fromisoformat(day or "")
    except ValueError:
        return None
    return (moment - dt.timedelta(days=moment.weekday())).isoformat()


def _fold_weeks(rows: list[dict[str, Any]], by: list[str]) -> list[dict[str, Any]]:
    """Rows grouped by day summed into rows grouped by week, with the tally's rules for unknown
    (None, never 0) and open-ended (a high left open stays open) figures."""
    folded: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        row = dict(row, week=week_of(row["week"]))
        key = tuple(row[k] for k in by)
        total = folded.get(key)
        if total is None:
            folded[key] = row
            continue
        total["incidents"] += row["incidents"]
        for figure in _FIGURES:
            was_open = _is_open(total, figure) or _is_open(row, figure)
            for bound in _BOUNDS:
                name = f"{figure}_{bound}"
                if row[name] is not None:
                    total[name] = row[name] if total[name] is None else total[name] + row[name]
            total[f"{figure}_known"] += row[f"{figure}_known"]
            if was_open:
                total[f"{figure}_high"] = None
    out = list(folded.values())
    out.sort(key=lambda r: [(r[key] is None, r[key] or "") for key in by])
    return out


def _is_open(row: dict[str, Any], figure: str) -> bool:
    return row[f"{figure}_high"] is None and (row[f"{figure}_low"] is not None or row[f"{figure}_best"] is not None)


def _tally_merged_rows(connection: Connection, by: list[str], filters: dict[str, Any], level: str) -> list[dict[str, Any]]:
    """A tally by several keys at least one of which has several values per incident: counted
    incident by incident."""
    import itertools

    from vigil.store.filters import merged_conditions
    from vigil.store.schema import merged_incidents as merged

    figures = [f"{figure}_{bound}" for figure in _FIGURES for bound in _BOUNDS]
    statement = select(merged.c.id, merged.c.date_start, merged.c.event_type, merged.c.sub_event_type,
                       merged.c.case_stage, merged.c.places, merged.c.targets, merged.c.perpetrators,
                       *[merged.c[f] for f in figures]).where(*merged_conditions(**filters, connection=connection))
    outlets: dict[str, set] = {}
    if "outlet" in by:
        found = _outlets()
        matching = select(merged.c.id).where(*merged_conditions(**filters, connection=connection))
        for merged_id, outlet in connection.execute(
                select(found.c.merged_id, found.c.outlet).where(found.c.merged_id.in_(matching))):
            outlets.setdefault(merged_id, set()).add(outlet)

    def values(key: str, row) -> list:
        merged_id, date_start, event_type, sub_event_type, case_stage, places, targets, perpetrators = row[:8]
        if key in ("month", "year"):
            return [date_start[: 7 if key == "month" else 4] if date_start else None]
        if key == "week":
            return [week_of(date_start)]
        if key == "type":
            return [event_type]
        if key == "sub-type":
            return [sub_event_type]
        if key == "case-stage":
            return [case_stage]
        if key in _MARK_COLUMNS:
            return _mark_values(key, {"place": places, "target": targets, "perpetrator": perpetrators}[key], level)
        return sorted(outlets.get(merged_id, ()), key=lambda o: (o is None, o or "")) or [None]

    totals: dict[tuple, list] = {}
    for row in connection.execute(statement).all():
        # Each figure as (low, best, high, stated at all, open-ended), worked out once per row.
        counted = []
        for f in range(len(_FIGURES)):
            low, best, high = row[8 + 3 * f: 11 + 3 * f]
            known = low is not None or best is not None
            counted.append((low, best, high, known or high is not None, high is None and known))
        for combination in itertools.product(*[values(key, row) for key in by]):
            total = totals.get(combination)
            if total is None:  # incidents, then per figure: low, best, high sums, known, open
                total = totals[combination] = [0] + [None, None, None, 0, False] * len(_FIGURES)
            total[0] += 1
            for f, (low, best, high, stated, open_ended) in enumerate(counted):
                at = 1 + 5 * f
                for i, value in enumerate((low, best, high)):
                    if value is not None:  # unknown stays unknown, never 0
                        total[at + i] = value if total[at + i] is None else total[at + i] + value
                total[at + 3] += stated
                total[at + 4] = total[at + 4] or open_ended
    rows = []
    for combination, total in totals.items():
        row = {**dict(zip(by, combination)), "incidents": total[0]}
        for f, figure in enumerate(_FIGURES):  # the columns in the order the SQL tally gives them
            low, best, high, known, open_ended = total[1 + 5 * f: 6 + 5 * f]
            # An open-ended figure leaves the total open-ended.
            row.update({f"{figure}_low": low, f"{figure}_best": best,
                        f"{figure}_high": None if open_ended else high, f"{figure}_known": known})
        rows.append(row)
    rows.sort(key=lambda r: [(r[key] is None, r[key] or "") for key in by])
    return rows
