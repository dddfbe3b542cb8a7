"""Tallies of merged incidents on SQLite and PostgreSQL: by month, year, type, sub-type, target,
perpetrator (canonical names), place (at a chosen level) and outlet, combined, with the
incident filters; unknown figures stay unknown."""
from __future__ import annotations

import pytest

from vigil.store import Store, StoreError

# The hand-written reports of the filter tests (this directory, one module each is imported).
from test_store_query_filters import REPORTS, report  # noqa: E402


@pytest.fixture
def filled(store: Store) -> Store:
    for doc_id in REPORTS:
        store.add_report(*report(doc_id))
    return store


def table(rows, *keys):
    return {tuple(r[k] for k in keys): (r["incidents"], r["fatalities_low"], r["fatalities_best"],
                                         r["fatalities_high"], r["fatalities_known"]) for r in rows}


def test_by_perpetrator_uses_canonical_names(filled: Store):
    rows = table(filled.merged_tally(["perpetrator"]), "perpetrator")
    assert rows == {
        ("Tehreek-e-Taliban Pakistan",): (1, 2, 2, 2, 1),  # named so, written "the Pakistani Taliban"
        ("Jamaat-ul-Ahrar",): (1, 9, 9, 11, 1),
        ("Lyari kidnapping gang",): (1, 5, 5, None, 1),  # no upper bound stated
        (None,): (2, None, None, None, 0),  # unidentified men; no perpetrator at all
    }


def test_by_place_at_a_level(filled: Store):
    towns = table(filled.merged_tally(["place"]), "place")  # town is the default level
    assert towns == {("Orangi Town",): (2, 2, 2, 2, 1), ("Lyari Town",): (1, 5, 5, None, 1),
                     ("Karachi",): (1, 9, 9, 11, 1),  # known only to the city: counted there
                     (None,): (1, None, None, None, 0)}
    districts = table(filled.merged_tally(["place"], level="district"), "place")
    assert districts[("Karachi West",)][0] == 2 and districts[("Karachi South",)][0] == 1
    assert table(filled.merged_tally(["place"], level="neighbourhood"), "place")[("Pirabad",)][0] == 1
    assert table(filled.merged_tally(["place"], level="city"), "place")[("Karachi",)][0] == 4


def test_by_year_and_target_combined_with_filters(filled: Store):
    rows = table(filled.merged_tally(["year", "target"]), "year", "target")
    assert rows == {("2014", "business"): (1, 5, 5, None, 1), ("2014", "education"): (1, None, None, None, 0),
                    ("2014", "police"): (1, 2, 2, 2, 1), ("2015", "police"): (1, 9, 9, 11, 1),
                    (None, "business"): (1, None, None, None, 0)}
    filtered = filled.merged_tally(["target"], place="Karachi", perpetrator="TTP")
    assert [(r["target"], r["incidents"], r["fatalities_best"]) for r in filtered] == [("police", 2, 11)]
    [total] = filled.merged_tally([], since="2014", until="2014")
    assert (total["incidents"], total["fatalities_best"], total["fatalities_known"]) == (3, 7, 2)


def test_scalar_keys_count_the_same_in_sql_and_per_row(filled: Store):
    """month/year/type/sub-type/outlet run as one GROUP BY; with a multi-valued key the rows are
    counted in Python: the two must agree."""
    from vigil.store.tally import _tally_merged_rows

    with filled._transaction("tally") as connection:
        for by in (["month"], ["type", "sub-type"], ["outlet"], ["year", "outlet"]):
            assert filled.merged_tally(by) == _tally_merged_rows(connection, by, {}, "town"), by
    assert {r["outlet"]: r["incidents"] for r in filled.merged_tally(["outlet", "target"], target="police")} == {
        "Daily A": 1, "Daily C": 1}


def test_bad_tallies_are_one_clear_error(filled: Store):
    with pytest.raises(StoreError, match="cannot tally by 'weekday'"):
        filled.merged_tally(["weekday"])
    with pytest.raises(StoreError, match="cannot tally places at level 'street'"):
        filled.merged_tally(["place"], level="street")
    with pytest.raises(StoreError, match="unknown filter 'colour'"):
        filled.merged_tally(["year"], colour="red")
