"""The desk's counts followed from the change log (vigil.store.running) are exactly a recount's:
after an ingest, an edit, a rejection, a restore, a merge and a split, on both backends.  And a
view counted in full (every tally in one pass) gives each tally ``Store.merged_tally`` gives."""
from __future__ import annotations

from pathlib import Path

import pytest

import vigil
from vigil.store import running

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "web" / "fixtures" / "reports.jsonl"
LATER = ROOT / "examples" / "reports"
VIEWS = [({}, "month"), ({}, "week"), ({"place": "Karachi"}, "month"), ({"status": "all"}, "month"),
         ({"since": "2014", "until": "2019"}, "week"), ({"status": "rejected"}, "month")]
MAP_LIMIT = 5  # small, so that changes move incidents in and out of the latest


def _recount(store, filters, unit):
    return running.count(store, filters, unit, "town", MAP_LIMIT)


def _same(store, held, filters, unit, when):
    fresh = _recount(store, filters, unit)
    for kind in held.kinds:
        assert held.rows(kind) == fresh.rows(kind), f"{kind} of {filters} after {when}"
        by = [] if kind == "total" else [kind]
        assert held.rows(kind) == store.merged_tally(by, **filters), f"{kind} of {filters} after {when}"
    assert [r["id"] for r in held.latest] == [r["id"] for r in fresh.latest], f"latest of {filters} after {when}"
    assert held.latest == fresh.latest
    listed = store.merged_incidents(sort="date", desc=True, limit=MAP_LIMIT, **filters)
    assert [r["id"] for r in held.latest] == [r["id"] for r in listed], f"latest of {filters} after {when}"
    assert held.latest == [running.shown(r) for r in listed], f"latest of {filters} after {when}"


@pytest.fixture
def store(db_url):
    vigil.ingest([str(FIRST)], db=db_url)
    opened = vigil.open(db_url)
    yield opened
    opened.close()


def test_followed_counts_equal_a_recount_after_every_kind_of_change(store, db_url):
    held = {(tuple(f.items()), unit): _recount(store, f, unit) for f, unit in VIEWS}

    def check(when):
        for (items, unit), counts in list(held.items()):
            followed = running.follow(store, counts)
            assert followed is not None, f"{dict(items)} could not be followed after {when}"
            held[(items, unit)] = followed
            _same(store, followed, dict(items), unit, when)

    check("nothing")
    first, second, third = [r["id"] for r in store.merged_incidents(sort="fatalities", desc=True, limit=3)]
    store.edit_incident(first, "fatalities", "7/9/", author="amna", reason="morgue list")
    check("an edit of a toll")
    store.edit_incident(second, "place", "Lyari", author="amna", reason="wrong town")
    check("an edit of a place")
    store.edit_incident(second, "event_type", "Riots", author="amna", reason="a riot")
    check("an edit of a type")
    store.reject_incident(third, author="amna", reason="not political violence")
    check("a rejection")
    store.restore_incident(third, author="amna")
    check("a restore")
    store.confirm_incident(first, author="amna")
    check("a confirmation")
    merged = store.merge_incidents(first, second, author="amna", reason="the same attack")
    check("a merge")
    document = merged["reports"][0]["document"] if merged.get("reports") else None
    if document is not None and len(merged.get("reports") or []) > 1:
        store.split_incident(merged["id"], document, author="amna", reason="two attacks after all")
        check("a split")
    vigil.ingest([str(LATER)], db=db_url)
    check("an ingest")


def test_the_latest_are_the_dated_newest_first_then_the_undated(store):
    from sqlalchemy import update

    from vigil.store.schema import merged_incidents

    two = [r["id"] for r in store.merged_incidents(sort="date", limit=2)]
    with store.transaction("make two incidents undated", write=True) as connection:  # none of the reports is
        connection.execute(update(merged_incidents).where(merged_incidents.c.id.in_(two))
                           .values(date_start=None, date_end=None))
    for limit in (1, 2, 10_000):
        latest = running.count(store, {"status": "all"}, "month", "town", limit).latest
        listed = store.merged_incidents(sort="date", desc=True, status="all", limit=limit)
        assert [r["id"] for r in latest] == [r["id"] for r in listed]
    assert [r["id"] for r in latest][-2:] == sorted(two)


def test_the_latest_hold_the_fields_the_dashboard_shows_of_the_whole_records(store, db_url):
    """The latest are read as their SHOWN fields, picked from each record in the database: the
    same values as the whole records read and picked here, a field a record lacks as None, a
    string with quotes, a backslash and accents, a number with a fraction, an edited field."""
    from sqlalchemy import select, update

    from vigil.store.schema import merged_incidents as merged

    vigil.ingest([str(LATER)], db=db_url)
    newest, second = [r["id"] for r in store.merged_incidents(sort="date", desc=True, limit=2)]
    store.edit_incident(second, "fatalities", "7/9/", author="amna", reason="morgue list")
    with store.transaction("write an unusual record", write=True) as connection:
        data = connection.execute(select(merged.c.data).where(merged.c.id == newest)).scalar_one()
        data.pop("sub_event_type", None)
        data["location"] = {**(data.get("location") or {}), "name": 'Ṣaddar "Old" \\ Bazaar',
                            "lat": 24.8551234, "lon": 67.0}
        data["fatalities"] = {"low": 3, "best": None, "high": None}
        connection.execute(update(merged).where(merged.c.id == newest).values(data=data))
    for filters in ({}, {"status": "all"}, {"place": "Karachi"}, {"perpetrator": "TTP"}, {"since": "2100"}):
        latest = running.count(store, filters, "month", "town", 10_000).latest
        whole = store.merged_incidents(sort="date", desc=True, limit=10_000, **filters)
        assert latest == [{name: record.get(name) for name in running.SHOWN} for record in whole], filters
    latest = running.count(store, {}, "month", "town", 10_000).latest
    assert latest[0]["sub_event_type"] is None and latest[0]["location"]["name"] == 'Ṣaddar "Old" \\ Bazaar'
    assert latest[0]["location"]["lat"] == 24.8551234 and latest[0]["fatalities"]["low"] == 3
    assert next(r for r in latest if r["id"] == second)["edited"] == ["fatalities"]
    assert any(r["edited"] is None for r in latest) and all(r["sources"] for r in latest)


def test_what_is_drawn_of_the_latest_is_kept_until_they_are_read_again(store):
    drawn = []
    counts = running.count(store, {}, "month", "town", 1,  # the newest alone
                           draw=lambda latest: drawn.append([r["id"] for r in latest]) or len(drawn))
    assert drawn == [[r["id"] for r in counts.latest]] and counts.drawn == 1
    store.edit_incident(store.merged_incidents(sort="date", limit=1)[0]["id"], "injured", "4",
                        author="amna", reason="a second count")  # the oldest
    followed = running.follow(store, counts)
    assert followed.latest_version == counts.latest_version and followed.drawn == 1  # the latest unchanged
    store.edit_incident(counts.latest[0]["id"], "injured", "5", author="amna", reason="hospital list")
    again = running.follow(store, followed)
    assert again.latest_version > followed.latest_version and again.drawn is None
    assert followed.drawn == 1 and len(drawn) == 1  # what was held is left as it was; draw is not called again


def test_evidence_filters_are_not_followed_and_an_old_position_is_counted_again(store):
    assert running.follow(store, _recount(store, {"text": "police"}, "month")) is None
    held = _recount(store, {}, "month")
    held.upto = {kind: -10 for kind in held.kinds}  # before the oldest change the log keeps
    assert running.follow(store, held) is None
    held.upto = {kind: 10**9 for kind in held.kinds}  # ahead of the log: another database
    held.latest_upto = 10**9
    assert running.follow(store, held) is None


# Views counted in full: each filter, a place looked up by its keys (Lyari files few), one that
# matches nothing, both units.
FULL_VIEWS = [({"event_type": "Explosions/Remote violence"}, "week"), ({"target": "police"}, "month"),
              ({"perpetrator": "Police Forces of Pakistan"}, "week"), ({"place": "Lyari"}, "month"),
              ({"place": "Karachi", "since": "2015"}, "week"), ({"since": "2100"}, "month"),
              ({"min_fatalities": 1}, "month"), ({"status": "all", "sub_event_type": "Grenade"}, "week")]


def test_a_full_count_gives_every_tally_as_the_store_tallies_it(store, db_url):
    vigil.ingest([str(LATER)], db=db_url)
    store.reject_incident(store.merged_incidents(sort="fatalities", desc=True, limit=1)[0]["id"],
                          author="amna", reason="not political violence")
    for filters, unit in VIEWS + FULL_VIEWS:
        counts = _recount(store, filters, unit)
        for kind in counts.kinds:
            by = [] if kind == "total" else [kind]
            assert counts.rows(kind) == store.merged_tally(by, **filters), f"{kind} of {filters}"
    total = _recount(store, {}, "month").rows("total")
    assert total and total[0]["incidents"] == store.count_merged_incidents() > 3
    assert _recount(store, {"since": "2100"}, "month").rows("total") == []
    for level in ("district", "neighbourhood"):
        counts = running.count(store, {}, "month", level, MAP_LIMIT)
        assert counts.rows("place") == store.merged_tally(["place"], level=level), level


# Filtered by perpetrator (or place): the latest are read newest first with each incident's keys
# looked up (running._newest_walked) when enough of the newest match, else looked up as a set.
KEYED_VIEWS = [({"perpetrator": name}, unit) for name in
               ("TTP", "Tehreek-e-Taliban Pakistan", "BLA", "Pakistani police", "gunmen", "Nobody Known By This Name")
               for unit in ("week", "month")] + [({"place": "Lyari"}, "month"), ({"place": "Karachi"}, "week")]


def _straightforward(store, monkeypatch, filters, unit, limit):
    """What the dashboard shows, the slow way: each list read for the filter's aliases and
    places (no key looked up), every tally apart, the latest as the list newest first."""
    from vigil.store import filters as store_filters

    with monkeypatch.context() as patched:
        patched.setattr(store_filters, "BROAD_PERPETRATOR", 0)
        patched.setattr(store_filters, "BROAD_PLACE", 0)
        tallies = {kind: store.merged_tally([] if kind == "total" else [kind], **filters)
                   for kind in ("total", unit, *running.GROUPS)}
        return tallies, store.merged_incidents(sort="date", desc=True, limit=limit, **filters)


def test_a_perpetrator_dashboard_equals_its_straightforward_count(store, db_url, monkeypatch):
    vigil.ingest([str(LATER)], db=db_url)
    store.reject_incident(store.merged_incidents(sort="date", desc=True, limit=1)[0]["id"],
                          author="amna", reason="not political violence")
    walked = []  # what each walk of the newest found (None: too few, looked up as a set)
    walk = running._newest_walked
    monkeypatch.setattr(running, "_newest_walked", lambda *args: walked.append(walk(*args)) or walked[-1])
    for window in (running.WALKED, 1):  # every incident within the walk's reach; the newest few
        monkeypatch.setattr(running, "WALKED", window)
        for limit in (1, 2, MAP_LIMIT, 10_000):
            for filters, unit in KEYED_VIEWS:
                counts = running.count(store, filters, unit, "town", limit)
                tallies, latest = _straightforward(store, monkeypatch, filters, unit, limit)
                for kind, rows in tallies.items():
                    assert counts.rows(kind) == rows, f"{kind} of {filters}"
                assert counts.latest == [running.shown(r) for r in latest], \
                    f"the {limit} latest of {filters}, walking {window}"
    assert any(found is not None for found in walked) and any(found is None for found in walked)
