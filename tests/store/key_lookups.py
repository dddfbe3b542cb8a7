"""What the key-table tests share (test_place_keys, test_perpetrator_keys): a filter gives the
same incidents whether they are looked up through the table of keys the triggers keep or read
from the lists, and the incidents the lists themselves say match."""
from __future__ import annotations

from typing import Callable

from vigil.store import filters


def found(store, monkeypatch, setting: str, name: str, values: list[str], broad: int) -> dict:
    """Per value of filter ``name``: the list, its count, the review queue and a tally, with
    ``filters.<setting>`` (the count above which the lists are read) set to ``broad``."""
    monkeypatch.setattr(filters, setting, broad)
    return {value: ([r["id"] for r in store.merged_incidents(**{name: value}, status="all")],
                    store.count_merged_incidents(**{name: value}, status="all"),
                    [r["id"] for r in store.review_queue(limit=None, **{name: value})],
                    store.merged_tally(["type"], **{name: value}))
            for value in values}


def assert_same_both_ways(store, monkeypatch, setting: str, name: str, values: list[str],
                          matches: Callable[[dict, str], bool], when: str) -> None:
    """Looked up (every value counts as narrow) == read (every value counts as broad) == the
    records ``matches(record, value)`` accepts."""
    looked_up = found(store, monkeypatch, setting, name, values, 10**9)
    read = found(store, monkeypatch, setting, name, values, 0)
    assert looked_up == read, when
    every = list(store.merged_incidents(status="all"))
    for value in values:
        by_hand = sorted(r["id"] for r in every if matches(r, value))
        assert sorted(looked_up[value][0]) == by_hand, f"{value} after {when}"


def merge_split_recluster_ingest(db_url: str, store, first: str, second: str, check: Callable[..., None],
                                 later: str) -> None:
    """Merge ``first`` and ``second``, split them again, re-cluster, then ingest ``later``,
    calling ``check(store, when)`` after each."""
    import vigil

    merged = store.merge_incidents(first, second, author="amna", reason="one attack")
    check(store, "a merge")
    if len(merged.get("reports") or []) > 1:
        store.split_incident(merged["id"], merged["reports"][0]["document"], author="amna", reason="two")
        check(store, "a split")
    store.recluster()
    check(store, "re-clustering")
    store.close()
    vigil.ingest([later], db=db_url)
    with vigil.open(db_url) as again:
        check(again, "a second ingest")
