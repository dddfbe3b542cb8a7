"""The scorer on hand-built gold and predictions: matching, P/R/F1, field rules, claims."""
from types import SimpleNamespace

import pytest

from vigil.evaluation.gold import GoldClaim, GoldDocument, GoldIncident
from vigil.evaluation.score import (date_correct, place_correct, score_documents, spans_agree)
from vigil.knowledge.gazetteer import load_gazetteer
from vigil.model import Claim, Count, DateRange, Document, Evidence, Incident, Location, Perpetrator, Target

TEXT = ("Gunmen shot dead a constable in Orangi Town on Tuesday. "  # 0-56
        "A bomb wounded two guards in Clifton on Monday. "  # 57-104
        "The city has 15,000 police officers.")  # 105-141
S1, S2, S3 = (0, 56), (57, 104), (105, 141)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def gold_doc(**overrides):
    incidents = [
        GoldIncident(evidence=[S1], event_type="Violence against civilians", sub_event_type="Attack",
                     date={"start": "2014-03-18", "end": "2014-03-18", "precision": "day"},
                     place={"name": "Orangi Town", "gazetteer_id": "khi:orangi-town", "precision": "town"},
                     fatalities={"low": 1, "best": 1, "high": 1}, perpetrators=[], target_categories=["police"]),
        GoldIncident(evidence=[S2], event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                     date={"start": "2014-03-17", "end": "2014-03-17", "precision": "day"},
                     place={"name": "Clifton", "gazetteer_id": "khi:clifton", "precision": "neighbourhood"},
                     injured={"low": 2, "best": 2, "high": 2}, perpetrators=None, target_categories=["civilians"]),
    ]
    claims = [GoldClaim(evidence=[S3], value=15000, quantity="police officers")]
    doc = GoldDocument(document="d", corpus="examples", file="d.txt", published="2014-03-18", published_given=True,
                       cleaned_sha256="x", cleaned_length=len(TEXT), incidents=incidents, claims=claims)
    for k, v in overrides.items():
        setattr(doc, k, v)
    return doc


def ev(span):
    return Evidence(document="d", sentence=TEXT[span[0]:span[1]], start=span[0], end=span[1])


def perfect_incidents():
    return [
        Incident(id="a", event_type="Violence against civilians", sub_event_type="Attack",
                 date=DateRange("2014-03-18", "2014-03-18", "day"),
                 location=Location(name="Orangi Town", gazetteer_id="khi:orangi-town"),
                 fatalities=Count(1, 1, 1), targets=[Target(category="police")], evidence=[ev(S1)]),
        Incident(id="b", event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                 date=DateRange("2014-03-17", "2014-03-17", "day"),
                 location=Location(name="Clifton", gazetteer_id="khi:clifton"),
                 injured=Count(2, 2, 2), targets=[Target(category="civilians")], evidence=[ev(S2)]),
    ]


def extraction(incidents, claims=()):
    return SimpleNamespace(document=Document(id="d", text=TEXT), incidents=list(incidents), claims=list(claims))


def perfect_claims():
    return [Claim(id="c", value=15000, quantity="police officers", evidence=ev(S3))]


def test_perfect_prediction_scores_one(gazetteer):
    scores = score_documents([gold_doc()], {"d": extraction(perfect_incidents(), perfect_claims())}, gazetteer)
    o = scores.overall
    assert (o.precision, o.recall, o.f1) == (1.0, 1.0, 1.0)
    assert o.claim_recall == 1.0 and o.claim_precision == 1.0
    assert all(t.accuracy == 1.0 for name, t in o.fields.items() if t.scored), o.to_dict(details=False)["fields"]
    assert o.fields["perpetrators"].scored == 1  # the second gold incident leaves perpetrators open


def test_missing_incident_lowers_recall_only(gazetteer):
    scores = score_documents([gold_doc()], {"d": extraction(perfect_incidents()[:1])}, gazetteer)
    assert scores.overall.recall == 0.5 and scores.overall.precision == 1.0
    assert len(scores.documents[0].missed) == 1


def test_spurious_incident_lowers_precision_only(gazetteer):
    extra = Incident(id="x", event_type="Battles", sub_event_type="Armed clash", evidence=[ev(S3)])
    scores = score_documents([gold_doc()], {"d": extraction(perfect_incidents() + [extra])}, gazetteer)
    assert scores.overall.recall == 1.0 and scores.overall.precision == pytest.approx(2 / 3)
    assert len(scores.documents[0].spurious) == 1


def test_missing_extraction_scores_zero_recall(gazetteer):
    scores = score_documents([gold_doc()], {}, gazetteer)
    assert scores.overall.recall == 0.0 and scores.overall.precision is None


def test_one_prediction_spanning_two_incidents_matches_one(gazetteer):
    merged = Incident(id="m", event_type="Violence against civilians", sub_event_type="Attack",
                      evidence=[ev(S1), ev(S2)])
    scores = score_documents([gold_doc()], {"d": extraction([merged])}, gazetteer)
    assert scores.overall.matched_incidents == 1 and scores.overall.recall == 0.5


def test_small_overlap_does_not_match(gazetteer):
    sliver = Incident(id="s", event_type="Violence against civilians", sub_event_type="Attack",
                      evidence=[Evidence(document="d", sentence="", start=50, end=90)])  # 6 chars of S1, 33 of S2
    scores = score_documents([gold_doc(incidents=gold_doc().incidents[:1])], {"d": extraction([sliver])}, gazetteer)
    assert scores.overall.matched_incidents == 0


def test_field_mismatches_are_counted(gazetteer):
    wrong = perfect_incidents()
    wrong[0].sub_event_type = "Abduction/forced disappearance"
    wrong[0].date = DateRange("2014-03-11", "2014-03-11", "day")
    wrong[0].fatalities = Count(2, 2, 2)
    wrong[0].location = Location(name="Quetta")
    wrong[0].perpetrators = [Perpetrator(name="Tehreek-e-Taliban Pakistan")]
    wrong[1].targets = [Target(category="police")]
    scores = score_documents([gold_doc()], {"d": extraction(wrong)}, gazetteer)
    f = scores.overall.fields
    assert f["event_type"].accuracy == 1.0
    assert f["sub_event_type"].accuracy == 0.5
    assert f["date"].accuracy == 0.5
    assert f["fatalities"].accuracy == 0.5
    assert f["injured"].accuracy == 1.0
    assert f["place"].accuracy == 0.5
    assert f["perpetrators"].accuracy == 0.0
    assert f["targets"].accuracy == 0.5


def test_alternative_type_is_accepted(gazetteer):
    gold = gold_doc()
    gold.incidents[0].alternative_types = [("Battles", "Armed clash")]
    pred = perfect_incidents()
    pred[0].event_type, pred[0].sub_event_type = "Battles", "Armed clash"
    scores = score_documents([gold], {"d": extraction(pred)}, gazetteer)
    assert scores.overall.fields["sub_event_type"].accuracy == 1.0


def test_optional_gold_neither_rewards_nor_punishes(gazetteer):
    gold = gold_doc()
    gold.incidents[1].optional = True
    with_it = score_documents([gold], {"d": extraction(perfect_incidents())}, gazetteer).overall
    without = score_documents([gold], {"d": extraction(perfect_incidents()[:1])}, gazetteer).overall
    for o in (with_it, without):
        assert (o.gold_incidents, o.predicted_incidents, o.matched_incidents) == (1, 1, 1)


def test_date_rules():
    month = {"start": "2014-06-01", "end": "2014-06-30", "precision": "month"}
    assert date_correct(month, DateRange("2014-06-08", "2014-06-08", "day"))
    assert date_correct(month, DateRange("2014-06-01", "2014-06-30", "month"))
    assert not date_correct(month, DateRange("2014-07-01", "2014-07-31", "month"))
    assert not date_correct(month, None)
    unknown = {"start": None, "end": "2014-11-20", "precision": "unknown"}
    assert date_correct(unknown, None) and date_correct(unknown, DateRange(precision="unknown"))
    assert not date_correct(unknown, DateRange("2014-12-01", "2014-12-01", "day"))
    assert date_correct({"start": "2015-11-01", "end": "2015-11", "precision": "month"}, DateRange("2015-11-20"))


def test_place_rules(gazetteer):
    pirabad = {"name": "Pirabad", "gazetteer_id": "khi:pirabad"}
    assert place_correct(pirabad, Location(gazetteer_id="khi:orangi-town"), gazetteer)  # parent
    assert not place_correct(pirabad, Location(gazetteer_id="khi:karachi", name="Karachi"), gazetteer)  # too coarse
    assert place_correct({"name": "Karachi", "gazetteer_id": "khi:karachi"}, Location(name="karachi"), gazetteer)
    assert place_correct({"name": "X", "gazetteer_id": "khi:pns-mehran", "also": ["khi:shahrah-e-faisal"]},
                         Location(gazetteer_id="khi:shahrah-e-faisal"), gazetteer)
    assert place_correct(None, None) is None


def test_claims_need_value_and_overlap(gazetteer):
    wrong_value = [Claim(id="c", value=1500, evidence=ev(S3))]
    wrong_place = [Claim(id="c", value=15000, evidence=ev(S1))]
    for claims in (wrong_value, wrong_place):
        o = score_documents([gold_doc()], {"d": extraction([], claims)}, gazetteer).overall
        assert o.claim_recall == 0.0 and o.claim_precision == 0.0


def test_span_agreement_is_half_the_shorter_span():
    assert spans_agree((0, 10), (5, 100))
    assert not spans_agree((0, 10), (6, 100))
