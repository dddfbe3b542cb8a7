"""Reading back: incident filters, tallies with unknown figures, full-text search."""
from __future__ import annotations

import pytest

from vigil.model import Count
from vigil.store import Store, StoreError

MARKET_TEXT = (
    "Gunmen killed a shopkeeper in Saddar on 12 March. "
    "A bomb wounded four people outside a bus terminal in Sohrab Goth in late March. "
    "Rangers arrested three suspects in Lyari on 2 April. "
    "Unknown attackers abducted a trader at some point last year."
)
PORT_TEXT = "A grenade thrown at a police post at the port killed one officer and injured six on 20 February."


@pytest.fixture
def filled(store: Store, reports):
    market = reports.document("market", MARKET_TEXT, outlet="Daily A", published="2014-04-05")
    port = reports.document("port", PORT_TEXT, outlet="Daily B", published="2014-02-21")
    incidents = [
        reports.incident(market, "Gunmen killed a shopkeeper in Saddar on 12 March.", id="shopkeeper",
                         start="2014-03-12", fatalities=Count(1, 1, 1)),
        reports.incident(market, "A bomb wounded four people", id="bus-terminal",
                         event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                         start="2014-03-21", end="2014-03-31", injured=Count(4, 4, 4)),
        reports.incident(market, "Rangers arrested three suspects in Lyari on 2 April.", id="arrests",
                         event_type="Strategic developments", sub_event_type="Arrests", start="2014-04-02"),
        reports.incident(market, "Unknown attackers abducted a trader", id="undated",
                         sub_event_type="Abduction/forced disappearance"),
    ]
    port_incident = reports.incident(
        port, PORT_TEXT, id="port-post", event_type="Explosions/Remote violence", sub_event_type="Grenade",
        start="2014-02-20", fatalities=Count(1, 1, 3), injured=Count(6, 6, None),
    )
    store.add_report(market, reports.sentences(market), incidents, [])
    store.add_report(port, reports.sentences(port), [port_incident], [])
    return store


def ids(incidents):
    return [i.id for i in incidents]


def test_incidents_are_ordered_by_date_with_undated_last(filled: Store):
    assert ids(filled.incidents()) == ["port-post", "shopkeeper", "bus-terminal", "arrests", "undated"]
    assert ids(filled.incidents(limit=2, offset=1)) == ["shopkeeper", "bus-terminal"]


@pytest.mark.parametrize(
    "since, until, expected",
    [
        ("2014-03-25", None, ["bus-terminal", "arrests"]),  # a range overlapping since counts
        (None, "2014-03-21", ["port-post", "shopkeeper", "bus-terminal"]),
        ("2014-03", "2014-03", ["shopkeeper", "bus-terminal"]),  # partial dates cover the month
        ("2014", None, ["port-post", "shopkeeper", "bus-terminal", "arrests"]),
        ("2015-01-01", None, []),
    ],
)
def test_since_until_match_overlapping_date_ranges(filled: Store, since, until, expected):
    assert ids(filled.incidents(since=since, until=until)) == expected


def test_type_text_and_document_filters(filled: Store):
    assert ids(filled.incidents(event_type="Explosions/Remote violence")) == ["port-post", "bus-terminal"]
    assert ids(filled.incidents(text="SADDAR")) == ["shopkeeper"]
    assert ids(filled.incidents(text="100%")) == []  # LIKE wildcards are literal
    assert ids(filled.incidents(document="port")) == ["port-post"]
    assert ids(filled.incidents(event_type="Explosions/Remote violence", since="2014-03-01")) == ["bus-terminal"]


def test_bad_date_filter_is_a_clear_error(filled: Store):
    with pytest.raises(StoreError, match="bad since date '12 March'"):
        filled.incidents(since="12 March")


def test_tally_sums_known_figures_and_says_how_many_were_known(filled: Store):
    by_type = {row["type"]: row for row in filled.tally(["type"])}
    violence = by_type["Violence against civilians"]
    assert violence["incidents"] == 2
    assert (violence["fatalities_low"], violence["fatalities_best"], violence["fatalities_high"]) == (1, 1, 1)
    assert violence["fatalities_known"] == 1
    assert violence["injured_best"] is None and violence["injured_known"] == 0  # unknown stays unknown, not 0

    explosions = by_type["Explosions/Remote violence"]
    assert explosions["incidents"] == 2
    # The port report gives no upper bound for its injured ("at least"), so the total has none.
    assert (explosions["injured_low"], explosions["injured_best"], explosions["injured_high"]) == (10, 10, None)
    assert explosions["injured_known"] == 2
    assert (explosions["fatalities_best"], explosions["fatalities_high"], explosions["fatalities_known"]) == (1, 3, 1)


def test_tally_by_month_and_outlet_with_filters(filled: Store):
    rows = filled.tally(["month", "outlet"])
    assert [(r["month"], r["outlet"], r["incidents"]) for r in rows] == [
        ("2014-02", "Daily B", 1), ("2014-03", "Daily A", 2), ("2014-04", "Daily A", 1), (None, "Daily A", 1),
    ]
    assert [(r["year"], r["incidents"]) for r in filled.tally(["year"], since="2014-03")] == [("2014", 3)]
    assert filled.tally(["sub-type"], event_type="Protests") == []
    total = filled.tally([])
    assert len(total) == 1 and total[0]["incidents"] == 5 and total[0]["fatalities_best"] == 2


def test_tally_rejects_unknown_groups_and_filters(filled: Store):
    with pytest.raises(StoreError, match="cannot tally by 'weekday'"):
        filled.tally(["weekday"])
    with pytest.raises(StoreError, match="unknown filter 'place'"):
        filled.tally(["type"], place="Lyari")


def test_full_text_search_finds_words_in_text_and_title(store: Store, reports):
    school = reports.document("school", reports.SCHOOL_REPORT, title="School reopens")
    van = reports.document("van", reports.POLICE_VAN_REPORT, title="Constables killed in Lyari")
    store.add_report(school, [], [], [])
    store.add_report(van, [], [], [])

    hits = store.search_documents("grenade courtyard")
    assert [doc for doc, _ in hits] == ["school"]
    assert "[grenade]" in hits[0][1]
    assert [doc for doc, _ in store.search_documents("constables")] == ["van"]  # title and text
    assert [doc for doc, _ in store.search_documents("reopens")] == ["school"]  # title only
    assert [doc for doc, _ in store.search_documents("escaping")] == ["van"]  # stemmed: "escape"
    assert store.search_documents('"unbalanced AND (') == []  # query syntax cannot break it
    assert store.search_documents("") == []
    assert store.search_documents("submarine") == []
