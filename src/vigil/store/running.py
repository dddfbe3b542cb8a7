"""Counts that follow the store: what the desk's dashboard shows for one set of filters (totals,
the timeline, tallies by type, place, perpetrator and target, the latest incidents for the map:
the fields it shows of them, SHOWN), counted once and then brought up to date from the log of
changes (vigil.store.changes) rather than counted again.

Each tally is kept as sums that can be added to and taken from: per group the number of
incidents and, per figure and bound, the sum of the stated values and how many state one, how
many state the figure at all and how many leave it open-ended.  A change row adds its row
(sign +1) or takes it away (-1); ``rows`` turns the sums into what ``Store.merged_tally`` gives
(an unknown total is None, an open-ended one has no high), the same numbers as a recount.
Filters reading the reports' evidence (text, document, language) cannot be followed from the
log: such views are counted again after every change (``followable``).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional

from sqlalchemy import JSON, and_, case, column, func, literal, null, or_, select, type_coerce, union_all
from sqlalchemy.engine import Connection

from vigil.store import changes
from vigil.store.filters import ROW_FILTERS, merged_conditions
from vigil.store.schema import merged_incidents as merged
from vigil.store.tally import _FIGURES, _BOUNDS, _mark_values, week_of

GROUPS = ("type", "place", "perpetrator", "target")
_MARK_COLUMNS = {"place": "places", "target": "targets", "perpetrator": "perpetrators"}
# Per figure: (sum, how many state it) for each bound, then known, then open-ended.
_PER_FIGURE = 2 * len(_BOUNDS) + 2
_WIDTH = 1 + _PER_FIGURE * len(_FIGURES)
# More changes than this since a view was counted: counting it again is as quick.
MAX_FOLLOWED = 5_000
# The latest of a view filtered by perpetrator are first looked for among the newest this many
# times the map's number of dated incidents (_newest_walked): one incident in this many matching
# is enough.  A place is looked up as a set: one key (and those above it), where an actor has
# many aliases (TTP: 23, 65,000 keys for 25,000 incidents); a place filing many is read from the
# lists newest first already (filters.BROAD_PLACE).
WALKED = 20
# What the dashboard shows of each of the latest incidents, and all it reads of them: the map's
# markers and popups (vigil.web.dashboard.popup, vigil.report.maps.incident_points) and the
# table of the newest (incident_table, vigil/web/templates/_macros.html).  These fields are
# picked from each record in the database, which parses its JSON once, rather than the whole
# records read and parsed here (with their reports, evidence and conflicts: 3.2 MB for a map
# of 500 in the benchmark's incidents, these fields 0.5 MB).
SHOWN = ("id", "event_type", "sub_event_type", "date", "location", "fatalities", "injured", "sources",
         "status", "edited")


def followable(filters: dict[str, Any]) -> bool:
    return set(filters) <= ROW_FILTERS


def _sql_key(table, kind: str):
    if kind == "month":
        return func.substr(table.c.date_start, 1, 7)
    if kind == "week":
        return func.substr(table.c.date_start, 1, 10)  # the day, folded into its week here
    if kind == "type":
        return table.c.event_type
    return table.c[_MARK_COLUMNS[kind]]


def _values(kind: str, key: Any, level: str) -> list:
    """The group(s) a SQL group key counts under."""
    if kind == "week":
        return [week_of(key)]
    if kind in _MARK_COLUMNS:
        return _mark_values(kind, key, level)
    return [key]


def _sums(table, sign) -> list:
    columns = [func.sum(sign)]
    for figure in _FIGURES:
        low, best, high = (table.c[f"{figure}_{bound}"] for bound in _BOUNDS)
        for column in (low, best, high):
            columns += [func.sum(sign * column), func.sum(case((column.is_not(None), sign), else_=0))]
        columns.append(func.sum(case((or_(low.is_not(None), best.is_not(None), high.is_not(None)), sign), else_=0)))
        columns.append(func.sum(case((and_(high.is_(None), or_(low.is_not(None), best.is_not(None))), sign),
                                     else_=0)))
    return columns


def _row_sums(row, sign: int) -> list[int]:
    """What one incident row adds (sign +1) or takes away (-1)."""
    out = [sign]
    for figure in _FIGURES:
        low, best, high = (row[f"{figure}_{bound}"] for bound in _BOUNDS)
        for value in (low, best, high):
            out += [sign * value if value is not None else 0, sign if value is not None else 0]
        out.append(sign if (low, best, high) != (None, None, None) else 0)
        out.append(sign if high is None and (low is not None or best is not None) else 0)
    return out


def _add(groups: dict, value: Any, sums) -> None:
    held = groups.get(value)
    if held is None:
        held = groups[value] = [0] * _WIDTH
    for i, amount in enumerate(sums):
        held[i] += int(amount or 0)


@dataclass
class Counts:
    """One view's counts, each tally with the log position it is counted up to."""

    filters: dict[str, Any]
    kinds: tuple[str, ...]
    level: str
    map_limit: int
    tallies: dict[str, dict[Any, list[int]]] = field(default_factory=dict)
    upto: dict[str, int] = field(default_factory=dict)
    latest: list[dict[str, Any]] = field(default_factory=list)  # their SHOWN fields (shown)
    latest_starts: list[Optional[str]] = field(default_factory=list)  # their date_start columns
    latest_upto: int = 0
    version: int = 0  # goes up with each change to the tallies followed
    latest_version: int = 0  # goes up each time the latest incidents are read again
    drawn: Any = None  # what ``count``'s ``draw`` made of the latest (None once they are read again)

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """The tally as ``Store.merged_tally([kind])`` gives it (``total``: ``merged_tally([])``)."""
        out = []
        for value, held in self.tallies[kind].items():
            if held[0] == 0:
                continue
            row: dict[str, Any] = {} if kind == "total" else {kind: value}
            row["incidents"] = held[0]
            for f, figure in enumerate(_FIGURES):
                at = 1 + _PER_FIGURE * f
                for b, bound in enumerate(_BOUNDS):
                    total, stated = held[at + 2 * b], held[at + 2 * b + 1]
                    row[f"{figure}_{bound}"] = total if stated else None
                row[f"{figure}_known"] = held[at + 2 * len(_BOUNDS)]
                if held[at + 2 * len(_BOUNDS) + 1]:
                    row[f"{figure}_high"] = None  # an open-ended figure leaves the total open-ended
            out.append(row)
        if kind != "total":
            out.sort(key=lambda r: (r[kind] is None, r[kind] or ""))
        return out


def stored(filters: dict[str, Any]) -> bool:
    """Whether a view can be counted from the stored counts (``changes.merged_counts``): its
    filters read nothing but the columns those are grouped by (not the reports' evidence, not
    a minimum toll, which the groups' sums cannot tell)."""
    return set(filters) <= STORED_FILTERS


STORED_FILTERS = ROW_FILTERS - {"min_fatalities"}


def count_statement(connection: Connection, kinds: tuple[str, ...], filters: dict[str, Any],
                    from_stored: Optional[bool] = None):
    """The one query that counts a view's tallies in full: rows of (the kind's place in
    ``kinds`` but "total", its SQL key, its sums), the total's last.  The matching incidents are
    read once, grouped by all their keys at once (the day or month, type and the three lists:
    3,000 to 11,000 groups by day in the benchmark's 100,000 incidents); each tally then sums those groups by its own
    key.  One read of the desk's index rather than one a tally: the same sums, being sums.
    ``from_stored`` (by default whenever the filters allow it, ``stored``): the groups are
    summed from the stored counts the triggers keep (``changes.merged_counts``: some 20,000
    rows at 100,000 incidents) instead of read incident by incident: the same sums again."""
    if from_stored is None:
        from_stored = stored(filters)
    table = changes.merged_counts if from_stored else merged
    keyed = [kind for kind in kinds if kind != "total"]
    keys = [_sql_key(table, kind) for kind in keyed]
    if from_stored:
        sums = [func.sum(table.c[name]) for name in changes.COUNT_SUMS]
        conditions = merged_conditions(**filters, table=table)
    else:
        sums = _sums(merged, literal(1))
        conditions = merged_conditions(**filters, connection=connection)
    # The day or month first: grouped by type first, the planner reads the rows through the
    # index of types (in their order) rather than the desk's index.
    grouped = (select(*[key.label(f"k{i}") for i, key in enumerate(keys)],
                      *[column.label(f"s{j}") for j, column in enumerate(sums)])
               .where(*conditions).group_by(*keys).cte("grouped"))
    summed = [func.sum(grouped.c[f"s{j}"]) for j in range(len(sums))]
    parts = [select(literal(i), grouped.c[f"k{i}"], *summed).group_by(grouped.c[f"k{i}"])
             for i in range(len(keyed))]
    if "total" in kinds:
        parts.append(select(literal(len(keyed)), null(), *summed))
    return union_all(*parts)


def _count_kinds(connection: Connection, kinds: tuple[str, ...], filters: dict[str, Any],
                 level: str, from_stored: Optional[bool] = None) -> tuple[dict[str, dict], int]:
    """Every tally of a view counted in full (``count_statement``), with the log position it
    is exact at (one transaction)."""
    newest, _ = changes.position(connection)
    keyed = [kind for kind in kinds if kind != "total"]
    tallies: dict[str, dict] = {kind: {} for kind in kinds}
    for row in connection.execute(count_statement(connection, kinds, filters, from_stored)):
        if row[0] == len(keyed):
            _add(tallies["total"], None, row[2:])
            continue
        kind = keyed[row[0]]
        for value in _values(kind, row[1], level):  # a list's groups, summed per value here
            _add(tallies[kind], value, row[2:])
    return tallies, newest


# The tallies ``stored_tally`` answers: those a dashboard keeps (not year, sub-type, case stage
# or outlet, which the stored counts are not grouped by or cannot tell).
STORED_TALLIES = ("month", "week", *GROUPS)


def stored_tally(connection: Connection, by: list[str], filters: dict[str, Any],
                 level: str) -> Optional[list[dict[str, Any]]]:
    """``Store.merged_tally(by)`` summed from the stored counts (``changes.merged_counts``) when
    the filters allow it (``stored``) and ``by`` is one of ``STORED_TALLIES`` or nothing (the
    total): the same rows as counting the incidents, from their groups; None otherwise."""
    if len(by) > 1 or (by and by[0] not in STORED_TALLIES) or not stored(filters):
        return None
    kind = by[0] if by else "total"
    tallies, _ = _count_kinds(connection, (kind,), filters, level, from_stored=True)
    return Counts(dict(filters), (kind,), level, 0, tallies=tallies).rows(kind)


def shown(record: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard reads of a merged incident's record: its ``SHOWN`` fields (None for
    one it lacks), as ``Counts.latest`` holds them."""
    return {name: record.get(name) for name in SHOWN}


def _shown_fields(connection: Connection):
    """The ``SHOWN`` fields of a merged incident's record as a JSON array (null for a field it
    lacks), picked in the database: one parse of the record's JSON either way (SQLite's
    json_extract with many paths; PostgreSQL's json_to_record, where each ``->`` of a json
    column would parse the record again)."""
    data = merged.c.data
    if connection.dialect.name == "postgresql":
        fields = (func.json_to_record(data).table_valued(*[column(name, JSON) for name in SHOWN])
                  .render_derived(name="shown", with_types=True))
        return type_coerce(select(func.json_build_array(*fields.c)).scalar_subquery(), JSON)
    return type_coerce(func.json_extract(data, *[f"$.{name}" for name in SHOWN]), JSON)


def _read_latest(connection: Connection, counts: "Counts") -> None:
    """The newest incidents first, undated last, ties by id: the order of
    ``merged_incidents(sort="date", desc=True)``, read as the dated ones newest first and then
    the undated ones, so that the index of dates gives the first few without sorting them all."""
    from vigil.store.store import _page_of_records

    counts.latest_upto, _ = changes.position(connection)
    start = merged.c.date_start
    shown_fields = _shown_fields(connection)
    walk = counts.map_limit > 0 and "perpetrator" in counts.filters
    rows = _newest_walked(connection, counts, shown_fields) if walk else None
    if rows is None:
        conditions = merged_conditions(**counts.filters, connection=connection)
        rows = _page_of_records(connection, [*conditions, start.is_not(None)], [start.desc(), merged.c.id],
                                counts.map_limit, 0, start, record=shown_fields)
        if len(rows) < counts.map_limit:
            rows += _page_of_records(connection, [*conditions, start.is_(None)], [merged.c.id],
                                     counts.map_limit - len(rows), 0, start, record=shown_fields)
    counts.latest = [dict(zip(SHOWN, fields)) for fields, _ in rows]
    counts.latest_version += 1
    counts.drawn = None
    counts.latest_starts = [start for _, start in rows]


def _newest_walked(connection: Connection, counts: "Counts", shown_fields) -> Optional[list[tuple]]:
    """The latest of a view filtered by perpetrator when they are among the newest
    ``WALKED`` times ``map_limit`` dated incidents: those read newest first through the index
    of dates, each one's keys looked up, until ``map_limit`` match (TTP, one incident in four:
    some 2,000 rows), rather than every incident of the filter looked up and sorted (25,000),
    which the counts beside it do already.  None when fewer match there (a narrow filter).
    Exact: every incident left out is older than every one read."""
    from vigil.store.store import _page_of_records

    start = merged.c.date_start
    conditions = [*merged_conditions(**counts.filters, connection=connection, row_by_row=True), start.is_not(None)]
    oldest = connection.execute(select(start).where(start.is_not(None)).order_by(start.desc())
                                .offset(WALKED * counts.map_limit - 1).limit(1)).scalar()
    if oldest is not None:
        conditions.append(start >= oldest)
    rows = _page_of_records(connection, conditions, [start.desc(), merged.c.id], counts.map_limit, 0, start,
                            record=shown_fields)
    return rows if len(rows) == counts.map_limit else None


def _row_key(kind: str, row) -> Any:
    """A change row's SQL group key for ``kind`` (as ``_sql_key`` reads it from the table)."""
    if kind in ("month", "week"):
        return row["date_start"][:7 if kind == "month" else 10] if row["date_start"] else None
    return row["event_type"] if kind == "type" else row[_MARK_COLUMNS[kind]]


def count(store, filters: dict[str, Any], unit: str, level: str, map_limit: int,
          from_stored: Optional[bool] = None, draw: Optional[Callable[[list], Any]] = None) -> Counts:
    """A dashboard's counts in full: total, the timeline by ``unit`` (month or week), tallies by
    type, place, perpetrator and target (one pass, ``_count_kinds``; from the stored counts
    when the filters allow it, ``from_stored``), and beside it, on a connection (and in a
    transaction) of its own, the latest ``map_limit`` incidents.  ``draw``, if given, is called
    on the latest as soon as they are read, in their thread, while the count mostly waits for
    the database; what it gives is kept as ``Counts.drawn`` (the desk draws its map so)."""
    counts = Counts(dict(filters), ("total", unit, *GROUPS), level, map_limit)

    def counted():
        with store.transaction("count incidents", snapshot=True) as connection:
            return _count_kinds(connection, counts.kinds, filters, level, from_stored)

    def latest_read():
        with store.transaction("list the latest incidents", snapshot=True) as connection:
            _read_latest(connection, counts)
        if draw is not None:
            counts.drawn = draw(counts.latest)

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = pool.submit(counted)
        latest = pool.submit(latest_read)
        counts.tallies, newest = found.result()
        counts.upto = {kind: newest for kind in counts.kinds}
        latest.result()
    return counts


def follow(store, held: Counts) -> Optional[Counts]:
    """``held`` brought up to the newest change: itself when nothing changed, else new counts
    (``held`` is left as it is: others may be reading it); None when they cannot be followed
    (evidence filters, too many changes, changes no longer in the log)."""
    if not followable(held.filters):
        return None
    counts = held
    since = min([*counts.upto.values(), counts.latest_upto])
    log = changes.merged_changes
    with store.transaction("follow the changes to incidents", snapshot=True) as connection:
        newest, oldest = changes.position(connection)
        if newest == since:
            return counts
        # Too far behind, behind what the log keeps, or ahead of it (another database put in its place).
        if newest - since > MAX_FOLLOWED or oldest > since + 1 or newest < since:
            return None
        rows = connection.execute(select(log).where(log.c.seq > since, log.c.seq <= newest,
                                                    *merged_conditions(**counts.filters, table=log))
                                  .order_by(log.c.seq)).mappings().all()
        if not rows:
            return replace(held, upto={kind: newest for kind in held.kinds}, latest_upto=newest)
        counts = replace(held, tallies={kind: {value: list(sums) for value, sums in groups.items()}
                                        for kind, groups in held.tallies.items()},
                         upto=dict(held.upto), version=held.version + 1)
        if _moves_latest(counts, rows):
            _read_latest(connection, counts)
    for row in rows:
        sums = _row_sums(row, row["sign"])
        for kind in counts.kinds:
            if row["seq"] <= counts.upto[kind]:
                continue
            groups = counts.tallies[kind]
            for value in [None] if kind == "total" else _values(kind, _row_key(kind, row), counts.level):
                _add(groups, value, sums)
    for kind in counts.kinds:
        counts.upto[kind] = max(counts.upto[kind], newest)
    counts.latest_upto = max(counts.latest_upto, newest)
    return counts


def _moves_latest(counts: Counts, rows) -> bool:
    """Whether a change may alter the latest incidents held (newest first, undated last)."""
    held = {record["id"] for record in counts.latest}
    full = len(counts.latest) >= counts.map_limit
    last = counts.latest_starts[-1] if counts.latest_starts else None
    for row in rows:
        if row["seq"] <= counts.latest_upto:
            continue
        if row["id"] in held:
            return True
        # A new row enters unless the list is full and it sorts after its last (an older or
        # undated incident); level with the last, the ids decide: read again.
        if row["sign"] > 0 and (not full or last is None or (row["date_start"] is not None
                                                             and row["date_start"] >= last)):
            return True
    return False
