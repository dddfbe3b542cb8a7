"""The contract records serialise to JSON and back without losing anything."""
import json

from vigil.model import (Claim, Count, DateRange, Document, Evidence, Incident, Location, Period,
                         Perpetrator, ReportFigures, Source, Target, TimeCue, Victim, stable_id)


def full_incident() -> Incident:
    return Incident(
        id="abc",
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        attack_type="Bombing/Explosion",
        weapons=["explosives: suicide vest"],
        date=DateRange("2014-02-13", "2014-02-13", "day", "On Thursday"),
        location=Location(name="Razzakabad", city="Karachi", country="Pakistan", lat=24.86, lon=67.21,
                          precision="neighbourhood", gazetteer_id="pk-khi-razzakabad", text="Razzakabad"),
        perpetrators=[Perpetrator("Tehreek-e-Taliban Pakistan", "the Pakistani Taliban", "rebel group", "claimed")],
        targets=[Target("Sindh Police", "police commandos", "police")],
        victims=[Victim("A. Khan", "constable A. Khan", "killed")],
        fatalities=Count(13, 13, 13),
        injured=Count(50, 50, None),
        evidence=[Evidence("doc1", "A bomb killed 13.", 10, 27, "0:03:31")],
        sources=[Source("doc1", "Indus Wire", "https://example.org/a", "2014-02-14")],
        reports=[ReportFigures("doc1", Count(13, 13, 13), None)],
        confidence=0.8,
    )


def test_incident_round_trips_through_json():
    incident = full_incident()
    text = incident.to_json()
    assert Incident.from_json(text) == incident
    data = json.loads(text)
    assert data["injured"] == {"low": 50, "best": 50, "high": None}
    assert data["kidnapped"] is None  # a count absent from the text is null, never 0
    assert data["evidence"][0]["timestamp"] == "0:03:31"


def test_claim_and_document_round_trip():
    claim = Claim(id="c1", value=15000, low=15000, high=15000, quantity="police officers", qualifier="active",
                  place="Karachi", period=Period(None, "2014-11-20"), attributed_to="HRCP", kind="count",
                  evidence=Evidence("d", "s", 0, 1))
    assert Claim.from_dict(claim.to_dict()) == claim
    doc = Document(id="d", text="Hello there. Second cue.", cues=[TimeCue(0, 12, "0:00:01", "0:00:03"),
                                                                  TimeCue(13, 24, "0:00:04")])
    again = Document.from_json(doc.to_json())
    assert again == doc and again.content_hash == doc.content_hash


def test_timestamp_at_maps_offsets_to_cues():
    doc = Document(id="d", text="Hello there. Second cue.", cues=[TimeCue(0, 12, "0:00:01"), TimeCue(13, 24, "0:00:04")])
    assert doc.timestamp_at(0) == "0:00:01"
    assert doc.timestamp_at(11) == "0:00:01"
    assert doc.timestamp_at(15) == "0:00:04"
    assert Document(id="x", text="plain").timestamp_at(2) is None


def test_stable_id_is_stable_and_distinct():
    assert stable_id("doc", (1, 2)) == stable_id("doc", (1, 2))
    assert stable_id("doc", (1, 2)) != stable_id("doc", (1, 3))


def test_api_functions_are_not_shadowed_by_subpackages():
    import vigil
    import vigil.readers  # noqa: F401 - importing a subpackage must not replace an API function
    import vigil.store  # noqa: F401

    assert callable(vigil.ingest) and callable(vigil.extract) and callable(vigil.open)
