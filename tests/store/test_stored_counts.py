"""The stored counts (vigil.store.changes.merged_counts, kept by the triggers of migration 0012)
stay exact through every kind of write to merged incidents, on both backends: after ingests,
a re-ingest, edits of every counted field, a rejection and a restore, a merge, a split,
re-clustering, a report removed and a write in plain SQL, the table equals the incidents
counted again here, one by one; and a dashboard counted from it equals one counted from the
incidents and the tally counted from the incidents for many filters, both units and two place levels.  The
migration counts the incidents a database already holds (its backfill)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

import vigil
from vigil.store import changes, running
from vigil.store.schema import merged_incidents
from vigil.store.tally import tally_merged

from tests.store.key_lookups import merge_split_recluster_ingest

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "web" / "fixtures" / "reports.jsonl"
LATER = ROOT / "examples" / "reports"
MAP_LIMIT = 3
# Every filter the stored counts answer, alone and together (places narrow and broad, known and
# unknown perpetrators, every status), and views matching nothing.
VIEWS = [{}, {"status": "all"}, {"status": "rejected"}, {"status": "edited"}, {"status": "confirmed"},
         {"place": "Karachi"}, {"place": "Lyari"}, {"place": "Orangi Town", "status": "all"}, {"place": "Quetta"},
         {"perpetrator": "TTP"}, {"perpetrator": "Pakistani police"}, {"perpetrator": "gunmen"},
         {"perpetrator": "Nobody Known By This Name"}, {"target": "police"}, {"target": "civilians", "status": "all"},
         {"event_type": "Explosions/Remote violence"}, {"event_type": "Riots", "status": "all"},
         {"sub_event_type": "Grenade"}, {"since": "2015"}, {"until": "2019-06"},
         {"since": "2014-03-01", "until": "2021-04"}, {"since": "2100"},
         {"place": "Karachi", "since": "2015", "event_type": "Battles"},
         {"perpetrator": "TTP", "status": "all", "until": "2020"}]
FIGURES = ("fatalities", "injured")


def _recounted(connection) -> dict[tuple, list[int]]:
    """The stored counts' rows as they should be: every merged incident counted here, one by one."""
    expected: dict[tuple, list[int]] = {}
    for row in connection.execute(select(merged_incidents)).mappings():
        group = tuple(row[c] for c in changes.COUNTED_BY)
        sums = expected.setdefault(group, [0] * len(changes.COUNT_SUMS))
        sums[0] += 1
        for f, figure in enumerate(FIGURES):
            at = 1 + 8 * f
            values = [row[f"{figure}_{bound}"] for bound in ("low", "best", "high")]
            for b, value in enumerate(values):
                sums[at + 2 * b] += value or 0
                sums[at + 2 * b + 1] += value is not None
            sums[at + 6] += any(v is not None for v in values)
            sums[at + 7] += values[2] is None and (values[0] is not None or values[1] is not None)
    return expected


def _stored(connection) -> dict[tuple, list[int]]:
    table = changes.merged_counts
    found = {}
    for row in connection.execute(select(table)).mappings():
        group = tuple(row[c] for c in changes.COUNTED_BY)
        assert group not in found, f"two rows for one group {group}"
        found[group] = [int(row[s]) for s in changes.COUNT_SUMS]
    return found


def assert_stored_counts_exact(store, when: str) -> None:
    with store.transaction("compare the stored counts") as connection:
        assert _stored(connection) == _recounted(connection), f"stored counts after {when}"
    for filters in VIEWS:
        assert running.stored(filters), filters
        for unit, level in (("month", "town"), ("week", "district")):
            stored = running.count(store, filters, unit, level, MAP_LIMIT, from_stored=True)
            counted = running.count(store, filters, unit, level, MAP_LIMIT, from_stored=False)
            for kind in stored.kinds:
                assert stored.rows(kind) == counted.rows(kind), f"{kind} of {filters} by {unit} after {when}"
                by = [] if kind == "total" else [kind]
                assert stored.rows(kind) == tallied_from_incidents(store, by, level, filters), \
                    f"{kind} of {filters} after {when}"


def tallied_from_incidents(store, by: list[str], level: str, filters: dict) -> list[dict]:
    """``Store.merged_tally`` as counted incident by incident (vigil.store.tally), never from
    the stored counts."""
    with store.transaction("tally the incidents") as connection:
        return tally_merged(connection, by, filters, level)


@pytest.fixture
def store(desk_store):
    return desk_store


def test_stored_counts_stay_exact_through_every_kind_of_write(store, db_url):
    check = lambda when: assert_stored_counts_exact(store, when)  # noqa: E731
    check("an ingest")
    assert vigil.ingest([str(FIRST)], db=db_url).added == 0
    check("the same reports ingested again")
    first, second, third = [r["id"] for r in store.merged_incidents(sort="fatalities", desc=True, limit=3)]
    for field, value in (("fatalities", "7/9/"), ("injured", 4), ("place", "Lyari"), ("event_type", "Riots"),
                         ("sub_event_type", "Violent demonstration"), ("date", "2016-02-29"),
                         ("perpetrator", "TTP"), ("target", "police")):
        store.edit_incident(second, field, value, author="amna", reason="checked")
        check(f"an edit of {field}")
    for when, decide in (("a rejection", store.reject_incident), ("a restore", store.restore_incident)):
        decide(third, author="amna", reason="checked")
        check(when)
    store.confirm_incident(first, author="amna")
    check("a confirmation")
    merge_split_recluster_ingest(db_url, store, first, second, assert_stored_counts_exact, str(LATER))
    store = vigil.open(db_url)
    removed = store.merged_incidents(limit=1)[0]["reports"][0]["document"]
    store.remove_document(removed, author="amna", reason="a duplicate upload")
    check("a report removed")
    with store.transaction("write incidents in plain SQL", write=True) as connection:
        ids = connection.execute(select(merged_incidents.c.id).order_by(merged_incidents.c.id)).scalars().all()
        connection.execute(update(merged_incidents).where(merged_incidents.c.id == ids[0])
                           .values(date_start=None, date_end=None, fatalities_high=None, places=""))
        connection.execute(update(merged_incidents).where(merged_incidents.c.id == ids[1])
                           .values(status="confirmed", injured_low=None, injured_best=None, injured_high=None))
        connection.execute(update(merged_incidents).where(merged_incidents.c.id == ids[2]).values(confidence=0.5))
        connection.execute(delete(merged_incidents).where(merged_incidents.c.id == ids[3]))
    check("writes in plain SQL")
    with store.transaction("count the stored groups") as connection:
        assert connection.execute(select(changes.merged_counts.c.incidents)).scalars().all()
        assert 0 not in connection.execute(select(changes.merged_counts.c.incidents)).scalars().all()
    store.close()


def test_a_missed_write_is_seen(store):
    """The comparison above can fail: with the update trigger gone, an edit leaves the stored
    counts behind and both the table and a dashboard counted from it differ from a recount."""
    with store.transaction("drop the update trigger", write=True) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER merged_counts_keep ON merged_incidents"))
        else:
            connection.execute(text("DROP TRIGGER merged_counts_update"))
    first = store.merged_incidents(sort="fatalities", desc=True, limit=1)[0]["id"]
    store.edit_incident(first, "fatalities", 40, author="amna", reason="checked")
    with pytest.raises(AssertionError, match="stored counts after an edit"):
        assert_stored_counts_exact(store, "an edit")
    stored = running.count(store, {}, "month", "town", MAP_LIMIT, from_stored=True)
    counted = running.count(store, {}, "month", "town", MAP_LIMIT, from_stored=False)
    assert stored.rows("total") != counted.rows("total")


def test_filters_the_stored_counts_cannot_answer_are_counted_from_the_incidents(store):
    for filters in ({"text": "police"}, {"document": "desk-lyari-grenade"}, {"language": "en"},
                    {"min_fatalities": 1}, {"place": "Karachi", "min_fatalities": 2}):
        assert not running.stored(filters)
        with store.transaction("build the count") as connection:
            statement = str(running.count_statement(connection, ("total", "month"), filters))
        assert "merged_counts" not in statement and "merged_incidents" in statement
        counts = running.count(store, filters, "month", "town", MAP_LIMIT)
        assert counts.rows("total") == store.merged_tally([], **filters) == tallied_from_incidents(
            store, [], "town", filters)
    with store.transaction("build the count") as connection:
        assert "merged_counts" in str(running.count_statement(connection, ("total", "month"), {"place": "Lyari"}))


def test_the_migration_counts_the_incidents_already_stored(store, db_url):
    """A database made before the stored counts: brought back to revision 0011 (no table, no
    triggers), it gets them counted when opened."""
    from alembic import command

    from vigil.store.migrate import alembic_config

    vigil.ingest([str(LATER)], db=db_url)
    store.reject_incident(store.merged_incidents(limit=1)[0]["id"], author="amna", reason="not political violence")
    with store.transaction("go back to revision 0011", write=True) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    with store.transaction("look for the stored counts") as connection:
        assert not connection.dialect.has_table(connection, "merged_counts")
    store.close()
    with vigil.open(db_url) as again:
        with again.transaction("count the stored groups") as connection:
            assert len(_stored(connection)) > 5
        assert_stored_counts_exact(again, "the migration")
