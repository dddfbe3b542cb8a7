"""How the place and perpetrator filters reach their incidents, and what the desk does at its
start so that PostgreSQL reads indexes: the count that chooses between looking incidents up by
their keys and reading the lists is held until the incidents change (then counted again, and the
choice follows it); PostgreSQL looks a place up until five times ``BROAD_PLACE`` incidents, and
finds the looked-up incidents as a set first (OFFSET 0); the desk's start vacuums the tables a
bulk import left without a visibility map, so counts read an index rather than every row."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import and_, event, func, select, text

import vigil
from vigil.store import filters, queue
from vigil.store.changes import merged_perpetrators, merged_places
from vigil.store.store import PG_DESK_TABLES, _thinly_visible

FIXTURE = Path(__file__).resolve().parents[1] / "web" / "fixtures" / "reports.jsonl"


def _sql(store, **wanted) -> str:
    """The queue's conditions for these filters as the database is given them."""
    with store.transaction("compile the queue's conditions") as connection:
        conditions = queue.queue_conditions(filters.check_filters(wanted, "test"), connection)
        return str(and_(*conditions).compile(connection))


def _filed(store, table, keys) -> int:
    with store.transaction("count the incidents filed") as connection:
        return connection.execute(select(func.count(func.distinct(table.c.merged_id)))
                                  .where(table.c.key.in_(keys))).scalar()


def _ids(found) -> list[str]:
    return [record["id"] for record in found]


def test_the_choice_follows_a_change_and_is_not_counted_again_without_one(desk_store, monkeypatch):
    first, other = _ids(desk_store.merged_incidents(limit=2))
    desk_store.edit_incident(first, "perpetrator", "TTP", author="amna", reason="the statement names them")
    keys, _ = filters.facets.perpetrator_keys("TTP")
    filed = _filed(desk_store, merged_perpetrators, keys)
    assert filed == 1, "the fixture reports name no TTP"
    monkeypatch.setattr(filters, "BROAD_PERPETRATOR", filed + 1)
    counted: list[str] = []

    def seen(conn, cursor, statement, *_):
        if "merged_perpetrators" in statement and "count(" in statement.lower():
            counted.append(statement)

    engine = desk_store._engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert "merged_perpetrators" in _sql(desk_store, perpetrator="TTP")  # fewer than broad: looked up
        once = len(counted)
        assert once
        before = _ids(desk_store.review_queue(limit=None, perpetrator="TTP"))
        assert len(counted) == once, "counted again with no change to the incidents"
        desk_store.edit_incident(other, "perpetrator", "TTP", author="amna", reason="the statement names them")
        conditions = _sql(desk_store, perpetrator="TTP")
        assert len(counted) > once, "not counted again after a change"
        # One more incident filed: as many as broad, so the lists are read now.
        assert "merged_perpetrators" not in conditions and "LIKE" in conditions
        after = _ids(desk_store.review_queue(limit=None, perpetrator="TTP"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert sorted(after) == sorted([*before, other])
    monkeypatch.setattr(filters, "BROAD_PERPETRATOR", 10**9)
    assert _ids(desk_store.review_queue(limit=None, perpetrator="TTP")) == after


def test_postgresql_looks_a_broader_place_up_and_as_a_set(desk_store, monkeypatch):
    keys = filters.facets.place_keys("Karachi")
    filed = _filed(desk_store, merged_places, keys)
    assert filed > 1
    read = _ids(desk_store.review_queue(limit=None, place="Karachi"))
    monkeypatch.setattr(filters, "BROAD_PLACE", filed)  # as many as filed: broad on SQLite
    conditions = _sql(desk_store, place="Karachi")
    if desk_store._engine.dialect.name == "postgresql":
        assert "merged_places" in conditions and "OFFSET" in conditions, conditions
    else:
        assert "merged_places" not in conditions and "LIKE" in conditions, conditions
    assert _ids(desk_store.review_queue(limit=None, place="Karachi")) == read


@pytest.mark.postgres
def test_the_desks_start_vacuums_what_a_bulk_import_left_unmarked(empty_postgres_url):
    vigil.ingest([FIXTURE], db=empty_postgres_url)
    with vigil.open(empty_postgres_url) as store:
        with store.transaction("read the visibility maps") as connection:
            thin = _thinly_visible(connection, PG_DESK_TABLES)
        if "merged_incidents" not in thin:
            pytest.skip("the server's autovacuum marked the pages before the desk started")
        store.refresh_statistics()
        with store.transaction("read the visibility maps") as connection:
            assert _thinly_visible(connection, PG_DESK_TABLES) == []
            vacuumed = dict(connection.execute(text(
                "SELECT relname, last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = ANY(:t)"),
                {"t": list(thin)}).all())
        assert vacuumed == {name: True for name in thin}
        store.refresh_statistics()  # nothing thin left: analyzed only
        with store.transaction("read the visibility maps") as connection:
            assert _thinly_visible(connection, PG_DESK_TABLES) == []


def test_fewer_than_broad_is_answered_as_a_count_of_the_incidents_would(desk_store):
    """Rows counted first (one per key an incident is filed under), incidents only when the rows
    cannot tell: the answer for every limit around the count is that of counting the incidents."""
    first, second = _ids(desk_store.merged_incidents(limit=2))
    for incident in (first, second):  # two incidents, each under two TTP keys
        desk_store.edit_incident(incident, "perpetrator", "TTP", author="amna", reason="their statement")
    cases = [(merged_places, filters.facets.place_keys(name)) for name in ("Karachi", "Lyari", "Orangi Town")]
    cases.append((merged_perpetrators, filters.facets.perpetrator_keys("TTP")[0]))
    spread = []
    with desk_store.transaction("ask for each limit") as connection:
        for table, keys in cases:
            looked_up = select(table.c.merged_id).where(table.c.key.in_(keys))
            filed = connection.execute(select(func.count(func.distinct(table.c.merged_id)))
                                       .where(table.c.key.in_(keys))).scalar()
            rows = connection.execute(select(func.count()).select_from(looked_up.subquery())).scalar()
            assert filed, keys
            spread.append(rows > filed)
            for broad in range(1, rows + 3):
                assert filters._few(connection, table, looked_up, keys, broad) == (filed < broad), (keys, broad)
    assert any(spread), "no incident filed under two keys: the rows would tell nothing"
