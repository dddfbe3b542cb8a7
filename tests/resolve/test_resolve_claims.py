"""Claims compared across reports: conflicts with explanations, and ordinal checks against the
merged incidents of a real store.  Claims are built by hand (the extractor's claims are tested
with it)."""
from __future__ import annotations

from vigil.model import Claim, Count, DateRange, Document, Evidence, Incident, Location, Period, Sentence, Source, Target
from vigil.resolve.claims import check_ordinals, find_conflicts, periods_compatible, quantity_key
from vigil.store import Store


def claim(id, document, value, quantity, *, low=None, high=None, approximate=False, qualifier=None,
          place="Karachi", period=None, kind="count", attributed_to=None) -> Claim:
    sentence = f"{quantity} {value}"
    return Claim(id=id, value=value, low=low if low is not None else value, high=high, approximate=approximate,
                 quantity=quantity, qualifier=qualifier, place=place, period=period, kind=kind,
                 attributed_to=attributed_to, evidence=Evidence(document, sentence, 0, len(sentence)))


def test_police_strength_scope_conflict_is_listed_with_its_explanation():
    claims = [
        claim("a", "report-1", 27000, "police officers", qualifier="including clerical staff",
              period=Period(None, "2014-11-20")),
        claim("b", "report-2", 15000, "policemen", qualifier="active", period=Period(None, "2014-10-02")),
        claim("c", "report-3", 15000, "police officers", qualifier="active", period=Period(None, "2014-09-01")),
    ]
    [conflict] = find_conflicts(claims)
    assert conflict["quantity"] == "police officer" and conflict["place"] == "Karachi"
    assert [v["value"] for v in conflict["values"]] == [15000, 27000]
    assert conflict["values"][0]["claims"] == ["b", "c"]
    assert {e["document"] for e in conflict["values"][0]["evidence"]} == {"report-2", "report-3"}
    assert "scope differs: 'active' vs 'including clerical staff'" in conflict["explanation"]


def test_population_bounds_disagree_but_are_noted_as_consistent():
    claims = [
        claim("p1", "seed-1", 20_000_000, "people", low=20_000_000, high=None, qualifier=None,
              period=Period(None, "2014-08-11")),
        claim("p2", "seed-2", 24_000_000, "population", approximate=True, high=24_000_000,
              period=Period(None, "2014-06-09")),
        claim("p3", "seed-3", 20_000_000, "population", low=20_000_000, high=None, period=Period(None, "2014-02-14")),
    ]
    conflicts = find_conflicts(claims)
    assert len(conflicts) == 1
    assert [v["value"] for v in conflicts[0]["values"]] == [20_000_000, 24_000_000]
    assert "consistent" in conflicts[0]["explanation"]


def test_agreeing_figures_other_places_and_distant_periods_are_no_conflict():
    assert find_conflicts([claim("a", "r1", 15000, "police officers"), claim("b", "r2", 15000, "policemen")]) == []
    assert find_conflicts([claim("a", "r1", 15000, "police officers", place="Karachi"),
                           claim("b", "r2", 30000, "police officers", place="Lahore")]) == []
    # One report restating its own figure differently is not a disagreement between reports.
    assert find_conflicts([claim("a", "r1", 15000, "police officers"), claim("b", "r1", 16000, "police officers")]) == []
    years = [claim("a", "r1", 2700, "killings", period=Period("2013-01-01", "2013-12-31")),
             claim("b", "r2", 1800, "killings", period=Period("2014-01-01", "2014-12-31"))]
    assert find_conflicts(years) == []
    assert not periods_compatible(years[0].period, years[1].period)


def test_overlapping_periods_conflict_and_say_the_periods_differ():
    claims = [claim("a", "r1", 201, "bodies", period=Period("2014-01-01", "2014-06-30")),
              claim("b", "r2", 250, "dead", period=Period("2014-01-01", "2014-08-31"), attributed_to="HRCP")]
    [conflict] = find_conflicts(claims)
    assert conflict["quantity"] == "killing"
    assert "different periods" in conflict["explanation"]


def test_quantity_names_fold_to_one_key():
    assert quantity_key("Policemen") == quantity_key("police officers") == quantity_key("cops") == "police officer"
    assert quantity_key("Karachi police officers") == "police officer"
    assert quantity_key("schools") == "school"


def _police_killing(doc_id: str, day: str, killed: int) -> tuple:
    text = f"Gunmen killed {killed} police officers in Orangi Town on {day}."
    document = Document(id=doc_id, text=text, outlet="Daily", published=day)
    incident = Incident(
        id=f"{doc_id}:0", event_type="Violence against civilians", sub_event_type="Attack",
        date=DateRange(day, day, "day"), targets=[Target(text="police officers", category="police")],
        location=Location(name="Orangi Town", city="Karachi", precision="town", gazetteer_id="khi:orangi-town"),
        fatalities=Count(killed, killed, killed), evidence=[Evidence(doc_id, text, 0, len(text))],
        sources=[Source(doc_id, "Daily", None, day)],
    )
    return document, [Sentence(0, len(text))], [incident], []


def test_an_ordinal_claim_is_set_beside_the_databases_count(tmp_path):
    with Store.open(f"sqlite:///{tmp_path}/ordinal.db") as store:
        for i, (day, killed) in enumerate([("2014-02-01", 2), ("2014-05-03", 3), ("2014-09-09", 1), ("2013-12-30", 4)]):
            store.add_report(*_police_killing(f"killing-{i}", day, killed))
        ordinal = claim("o", "killing-1", 100, "police officers", kind="ordinal", period=Period(None, "2014-08-11"))
        other = claim("x", "killing-1", 5, "police officers")
        published = lambda d: (store.document_row(d) or {}).get("published")
        [row] = check_ordinals([ordinal, other], store.merged_tally, published)
    assert row["stated"] == 100 and row["target"] == "police"
    assert (row["since"], row["until"]) == ("2014-01-01", "2014-08-11")
    assert row["incidents"] == 2 and row["fatalities_best"] == 5  # February and May; not 2013 or September


def test_an_ordinal_claim_about_something_uncounted_says_so(tmp_path):
    with Store.open(f"sqlite:///{tmp_path}/ordinal.db") as store:
        odd = claim("o", "r1", 3, "anniversaries", kind="ordinal")
        [row] = check_ordinals([odd], store.merged_tally, lambda d: None)
    assert "no target category" in row["note"]


def test_figures_of_another_magnitude_count_something_else():
    claims = [
        claim("force", "report-1", 15000, "police officers"),
        claim("team", "report-2", 25, "police officers", qualifier="in a raiding team"),
        claim("moved", "report-3", 225, "officers"),
    ]
    assert find_conflicts(claims) == []


def test_money_known_only_by_its_currency_is_never_compared():
    claims = [
        claim("aid", "report-1", 29_000_000, "US dollars", kind="money"),
        claim("ransom", "report-2", 12_000, "US dollars", kind="money"),
        claim("r1", "report-3", 5_000_000, "ransom", kind="money"),
        claim("r2", "report-4", 6_000_000, "ransom", kind="money"),
    ]
    [conflict] = find_conflicts(claims)
    assert conflict["quantity"] == "ransom"
