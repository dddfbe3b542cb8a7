"""The log of changes to merged incidents, so the desk's counts follow a change without counting
everything again (vigil.store.running).

Database triggers (migration 0010) add a row for every row written to ``merged_incidents``: the
columns tallies and filters read, signed -1 for the row as it was (an update or a delete) and +1
for the row as it is (an insert or an update).  Summing a view's counts over the rows after the
sequence number it was counted at gives exactly what a recount would add.  The log keeps the
newest ``KEEP`` rows; whoever is further behind counts everything again.

The same triggers keep ``merged_places``: each merged incident's place keys (the entries of its
``places`` list that are no labels, vigil.store.facets), so a place filter finds its incidents
through an index instead of reading every list; migration 0011 adds ``merged_perpetrators``, the
same for the entries of its ``perpetrators`` list that are no ``who:`` labels.

Migration 0012 adds ``merged_counts``, kept by triggers too: the merged incidents counted per
distinct combination of the columns the dashboard's filters and groupings read (status, dates,
type, sub-type, the three lists), with the sums of their tolls (vigil.store.running reads them
for a view's first count).

These tables are not in ``schema.metadata``: they are no stored data of their own (snapshots and
``vigil db copy`` leave them out; the target's own triggers fill them).
"""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, delete, func, select
from sqlalchemy.engine import Connection

KEEP = 20_000

# What a change row carries: every column of merged_incidents a tally, filter or sort reads.
LOGGED = ("id", "status", "date_start", "date_end", "event_type", "sub_event_type",
          "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
          "places", "targets", "perpetrators", "case_stage")

changes_metadata = MetaData()
# The types of the columns copied from merged_incidents (Text for the others).
_TYPES = {"status": String(16), "date_start": String(10), "date_end": String(10), "case_stage": String(16),
          **{f"{figure}_{bound}": Integer for figure in ("fatalities", "injured") for bound in ("low", "best", "high")}}


def _copied(names) -> list[Column]:
    return [Column(name, _TYPES.get(name, Text)) for name in names]


merged_changes = Table(
    "merged_changes",
    changes_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("sign", Integer, nullable=False),
    Column("id", Text, nullable=False),
    *_copied(LOGGED[1:]),
)

merged_places = Table(
    "merged_places",
    changes_metadata,
    Column("key", Text, primary_key=True),
    Column("merged_id", Text, primary_key=True, index=True),
)

merged_perpetrators = Table(
    "merged_perpetrators",
    changes_metadata,
    Column("key", Text, primary_key=True),
    Column("merged_id", Text, primary_key=True, index=True),
)


# merged_counts: the columns a group is counted by, then its sums in the order
# vigil.store.running._sums gives them (per figure and bound the sum of the stated values and how
# many state it, then how many state the figure at all and how many leave it open-ended).
COUNTED_BY = ("status", "date_start", "date_end", "event_type", "sub_event_type", "places", "targets", "perpetrators")
COUNT_SUMS = ("incidents", *[name for figure in ("fatalities", "injured") for name in
                             [f"{figure}_{bound}_{part}" for bound in ("low", "best", "high") for part in ("sum", "n")]
                             + [f"{figure}_known", f"{figure}_open"]])

merged_counts = Table(
    "merged_counts",
    changes_metadata,
    Column("gkey", Text, primary_key=True),
    *_copied(COUNTED_BY),
    *[Column(name, Integer, nullable=False) for name in COUNT_SUMS],
)


def position(connection: Connection) -> tuple[int, int]:
    """(newest sequence number, oldest kept), 0 for an empty log."""
    newest, oldest = connection.execute(select(func.max(merged_changes.c.seq), func.min(merged_changes.c.seq))).one()
    return int(newest or 0), int(oldest or 0)


def prune(connection: Connection, keep: int = KEEP) -> None:
    """Drop all but the newest ``keep`` rows (a range of the primary key: cheap when none go)."""
    newest = connection.execute(select(func.max(merged_changes.c.seq))).scalar()
    if newest is not None and newest > keep:
        connection.execute(delete(merged_changes).where(merged_changes.c.seq <= newest - keep))
