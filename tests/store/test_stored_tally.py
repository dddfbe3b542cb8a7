"""``Store.merged_tally`` sums the stored counts (vigil.store.changes.merged_counts) for one key a
dashboard keeps, or none, when the filters read nothing but the incidents' own columns: the rows
are those of counting the incidents one by one, for every such key, filter and place level, on
both backends, after edits, a rejection and a merge; other keys and filters are counted from the
incidents as before."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from vigil.store import running

from tests.store.test_stored_counts import VIEWS, tallied_from_incidents

# Keys and filters the stored counts cannot answer (not grouped by them, or not a row's own column).
COUNTED_KEYS = [["year"], ["sub-type"], ["case-stage"], ["outlet"], ["type", "month"], ["place", "perpetrator"]]
COUNTED_FILTERS = [{"text": "police"}, {"min_fatalities": 1}, {"language": "en"}]


class Reads:
    """Which tables the store's statements name, while it is listened to."""

    def __init__(self, store):
        self.engine, self.statements = store._engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_):
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *_):
        self.statements.append(statement)

    def named(self, table: str) -> bool:
        return any(table in s for s in self.statements)


def _check_every_view(store, when: str) -> None:
    for filters in VIEWS:
        for by in ([], *[[kind] for kind in running.STORED_TALLIES]):
            for level in ("town", "district"):
                with Reads(store) as reads:
                    rows = store.merged_tally(by, level=level, **filters)
                assert reads.named("merged_counts"), f"{by} of {filters}: not from the stored counts"
                assert rows == tallied_from_incidents(store, by, level, filters), f"{by} of {filters} after {when}"


def test_the_stored_tally_is_the_tally_of_the_incidents(desk_store):
    _check_every_view(desk_store, "an ingest")
    first, second, third = [r["id"] for r in desk_store.merged_incidents(sort="fatalities", desc=True, limit=3)]
    desk_store.edit_incident(first, "fatalities", "3/5/", author="amna", reason="the later report")
    desk_store.edit_incident(second, "place", "Lyari", author="amna", reason="the map")
    desk_store.edit_incident(second, "perpetrator", "TTP", author="amna", reason="their statement")
    desk_store.reject_incident(third, author="amna", reason="not political violence")
    _check_every_view(desk_store, "edits and a rejection")
    desk_store.merge_incidents(first, second, author="amna", reason="one attack")
    _check_every_view(desk_store, "a merge")


@pytest.mark.parametrize("by", COUNTED_KEYS)
def test_other_keys_are_counted_from_the_incidents(desk_store, by):
    with Reads(desk_store) as reads:
        rows = desk_store.merged_tally(by, place="Karachi")
    assert not reads.named("merged_counts") and rows == tallied_from_incidents(desk_store, by, "town",
                                                                               {"place": "Karachi"})


@pytest.mark.parametrize("filters", COUNTED_FILTERS)
def test_other_filters_are_counted_from_the_incidents(desk_store, filters):
    with Reads(desk_store) as reads:
        rows = desk_store.merged_tally(["month"], **filters)
    assert not reads.named("merged_counts") and rows == tallied_from_incidents(desk_store, ["month"], "town", filters)
    assert rows, f"nothing matches {filters}: the comparison would prove nothing"
