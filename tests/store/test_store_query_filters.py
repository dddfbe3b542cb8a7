"""Incident filters and sorting on a store, on SQLite and PostgreSQL: dates overlap, places
include what lies inside them (gazetteer), perpetrators are found by any alias (actor
dictionary), text is every word in the evidence; the same meaning for merged incidents and for
each report's own; IncidentList.to_dataframe."""
from __future__ import annotations

import pytest

from vigil.model import Count, DateRange, Document, Evidence, Incident, Location, Perpetrator, Sentence, Source, Target
from vigil.store import Store, StoreError

PIRABAD = Location(name="Pirabad", neighbourhood="Pirabad", town="Orangi Town", district="Karachi West",
                   city="Karachi", precision="neighbourhood", gazetteer_id="khi:pirabad")
ORANGI = Location(name="Orangi Town", town="Orangi Town", district="Karachi West", city="Karachi",
                  precision="town", gazetteer_id="khi:orangi-town")
LYARI = Location(name="Lyari", town="Lyari Town", district="Karachi South", city="Karachi", precision="town",
                 gazetteer_id="khi:lyari-town")
KARACHI = Location(name="Karachi", city="Karachi", precision="city", gazetteer_id="khi:karachi")

# The project's own sentences; one report each, on different days and places, so none merge.
REPORTS = {
    "pirabad-police": ("The Pakistani Taliban said they shot dead two constables outside a police station in "
                       "Pirabad on Monday.", "2014-03-03", "Daily A", PIRABAD, "Attack",
                       Count(2, 2, 2), [Perpetrator("Tehreek-e-Taliban Pakistan", "the Pakistani Taliban",
                                                   "rebel group", "claimed")], "police"),
    "orangi-school": ("A grenade thrown into a school courtyard in Orangi Town on a Saturday night hurt "
                      "nobody.", "2014-05-10", "Daily B", ORANGI, "Grenade", None,
                      [Perpetrator(None, "unidentified men", "unidentified", "stated")], "education"),
    "lyari-gang": ("Gang gunmen killed at least five traders in a market in Lyari in June.", "2014-06-01",
                   "Daily A", LYARI, "Attack", Count(5, 5, None),
                   [Perpetrator("Lyari kidnapping gang", "gang gunmen", "criminal group", "suspected")], "business"),
    "karachi-ahrar": ("Jamaat-ul-Ahrar said its fighters bombed a police van in Karachi, killing nine "
                      "officers.", "2015-01-20", "Daily C", KARACHI, "Remote explosive/landmine/IED",
                      Count(9, 9, 11), [Perpetrator("Jamaat-ul-Ahrar", "Jamaat-ul-Ahrar", "rebel group", "claimed")],
                      "police"),
    "undated-abduction": ("Unknown men abducted a trader from his shop at some point.", None, "Daily B", None,
                          "Abduction/forced disappearance", None, [], "business"),
}


def report(doc_id: str):
    text, day, outlet, location, sub_event, fatalities, perpetrators, target = REPORTS[doc_id]
    event_type = ("Explosions/Remote violence" if sub_event in ("Grenade", "Remote explosive/landmine/IED")
                  else "Violence against civilians")
    incident = Incident(
        id=f"{doc_id}:0", event_type=event_type, sub_event_type=sub_event,
        date=DateRange(day, day, "day" if day else "unknown", None), location=location,
        perpetrators=perpetrators, targets=[Target(None, target, target)], fatalities=fatalities,
        evidence=[Evidence(doc_id, text, 0, len(text))], sources=[Source(doc_id, outlet, None, day)],
        status="confirmed" if doc_id == "lyari-gang" else "extracted", confidence=0.8,
    )
    return Document(id=doc_id, text=text, outlet=outlet, published=day), [Sentence(0, len(text))], [incident], []


@pytest.fixture
def filled(store: Store) -> Store:
    for doc_id in REPORTS:
        store.add_report(*report(doc_id))
    return store


def merged_docs(store: Store, **filters) -> list[str]:
    return [i["sources"][0]["document"] for i in store.merged_incidents(**filters)]


def mention_docs(store: Store, **filters) -> list[str]:
    return [i.evidence[0].document for i in store.incidents(**filters)]


def both(store: Store, **filters) -> list[str]:
    """The documents found, asserting merged incidents and each report's own agree."""
    merged, mentions = merged_docs(store, **filters), mention_docs(store, **filters)
    assert merged == mentions, filters
    return merged


def test_every_incident_is_its_own_merged_incident(filled: Store):
    assert both(filled) == ["pirabad-police", "orangi-school", "lyari-gang", "karachi-ahrar", "undated-abduction"]


def test_place_includes_the_places_inside_it(filled: Store):
    assert both(filled, place="Pirabad") == ["pirabad-police"]
    assert both(filled, place="Orangi Town") == ["pirabad-police", "orangi-school"]  # its neighbourhood too
    assert both(filled, place="Karachi West") == ["pirabad-police", "orangi-school"]  # the district
    assert both(filled, place="Karachi") == ["pirabad-police", "orangi-school", "lyari-gang", "karachi-ahrar"]
    assert both(filled, place="Lahore") == []


def test_perpetrator_is_found_by_any_alias_and_its_factions(filled: Store):
    assert both(filled, perpetrator="Tehreek-e-Taliban Pakistan") == ["pirabad-police", "karachi-ahrar"]
    # TTP and "Pakistani Taliban" are aliases; Jamaat-ul-Ahrar is a TTP faction in the dictionary.
    assert both(filled, perpetrator="TTP") == ["pirabad-police", "karachi-ahrar"]
    assert both(filled, perpetrator="the Pakistani Taliban") == ["pirabad-police", "karachi-ahrar"]
    assert both(filled, perpetrator="JuA") == ["karachi-ahrar"]
    # A name the dictionary does not know: part of a perpetrator's name or text, any case.
    assert both(filled, perpetrator="Kidnapping Gang") == ["lyari-gang"]
    assert both(filled, perpetrator="unidentified men") == ["orangi-school"]
    assert both(filled, perpetrator="nobody such") == []


def test_dates_overlap_types_targets_status_fatalities_text_document(filled: Store):
    assert both(filled, since="2014-05", until="2014-12") == ["orangi-school", "lyari-gang"]
    assert both(filled, since="2015") == ["karachi-ahrar"]
    assert both(filled, event_type="Explosions/Remote violence") == ["orangi-school", "karachi-ahrar"]
    assert both(filled, sub_event_type="Attack") == ["pirabad-police", "lyari-gang"]
    assert both(filled, target="police") == ["pirabad-police", "karachi-ahrar"]
    assert both(filled, target="Business") == ["lyari-gang", "undated-abduction"]
    assert both(filled, status="confirmed") == ["lyari-gang"]
    assert both(filled, min_fatalities=5) == ["lyari-gang", "karachi-ahrar"]
    assert both(filled, min_fatalities=0) == ["pirabad-police", "lyari-gang", "karachi-ahrar"]  # unknown is not 0
    assert both(filled, text="police station") == ["pirabad-police"]  # every word, any case
    assert both(filled, text="POLICE") == ["pirabad-police", "karachi-ahrar"]
    assert both(filled, text="police trader") == []
    assert both(filled, document="lyari-gang") == ["lyari-gang"]
    assert both(filled, place="Karachi", target="police", since="2015") == ["karachi-ahrar"]


def test_sorting_and_pages(filled: Store):
    assert both(filled, sort="fatalities", desc=True) == [
        "karachi-ahrar", "lyari-gang", "pirabad-police", "orangi-school", "undated-abduction"]  # unknown last
    assert both(filled, sort="fatalities")[:3] == ["pirabad-police", "lyari-gang", "karachi-ahrar"]
    assert both(filled, sort="date", desc=True) == [
        "karachi-ahrar", "lyari-gang", "orangi-school", "pirabad-police", "undated-abduction"]
    assert both(filled, sort="place") == [
        "karachi-ahrar", "lyari-gang", "orangi-school", "pirabad-police", "undated-abduction"]
    assert both(filled, sort="place", desc=True) == [
        "pirabad-police", "orangi-school", "lyari-gang", "karachi-ahrar", "undated-abduction"]
    assert both(filled, sort="place", limit=2, offset=1) == ["lyari-gang", "orangi-school"]
    assert both(filled, limit=2, offset=3) == ["karachi-ahrar", "undated-abduction"]
    assert both(filled, place="Karachi", limit=1, offset=1) == ["orangi-school"]


def test_bad_filters_are_one_clear_error(filled: Store):
    with pytest.raises(StoreError, match="unknown filter 'weekday'"):
        filled.merged_incidents(weekday="Monday")
    with pytest.raises(StoreError, match="cannot sort by 'colour'"):
        filled.incidents(sort="colour")
    with pytest.raises(StoreError, match="bad min_fatalities"):
        filled.merged_incidents(min_fatalities=-1)
    with pytest.raises(StoreError, match="bad since date"):
        filled.incidents(since="March")


def test_listings_turn_into_dataframes(filled: Store):
    pytest.importorskip("pandas")
    frame = filled.incidents(place="Karachi").to_dataframe()
    assert list(frame["id"]) == [f"{d}:0" for d in ["pirabad-police", "orangi-school", "lyari-gang", "karachi-ahrar"]]
    assert frame["fatalities_best"].isna().tolist() == [False, True, False, False]
    merged = filled.merged_incidents(perpetrator="TTP").to_dataframe()
    assert len(merged) == 2 and int(merged["fatalities_best"].sum()) == 11


def test_merged_incidents_stored_before_the_facets_are_refiled_on_open(filled: Store, db_url):
    from sqlalchemy import update

    from vigil.store.schema import merged_incidents

    with filled._transaction("age the rows") as connection:  # as an older Vigil wrote them
        connection.execute(update(merged_incidents).values(places="|karachi|", perpetrators=""))
    assert merged_docs(filled, perpetrator="TTP") == [] and merged_docs(filled, place="Orangi Town") == []
    reopened = Store.open(db_url)
    try:
        assert merged_docs(reopened, perpetrator="TTP") == ["pirabad-police", "karachi-ahrar"]
        assert merged_docs(reopened, place="Orangi Town") == ["pirabad-police", "orangi-school"]
    finally:
        reopened.close()
