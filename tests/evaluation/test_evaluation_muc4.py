"""The MUC-4 scorer (GTT role-filler entity match) and the mapping of Vigil incidents to templates.

Gold documents here are made up in the project's own words; the tests that read the shared
MUC-4 corpus skip when ../shared is absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigil.evaluation.muc4 import (
    ROLES,
    Muc4Document,
    Muc4FormatError,
    Muc4Template,
    load_muc4,
    normalize_filler,
    predict_muc4,
    predict_muc4_documents,
    score_muc4,
)

SHARED_MUC4 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "muc4"


def template(kind="attack", **roles) -> Muc4Template:
    return Muc4Template(kind, {r: tuple(tuple(e) for e in roles.get(r, [])) for r in ROLES})


# A bombing by a named group with a two-mention organisation, and a kidnapping.
GOLD = [
    Muc4Document("D1", "unused", (
        template("bombing", PerpInd=[["urban commandos"]],
                 PerpOrg=[["northern liberation army", "nla"]],
                 Target=[["power pylon"], ["water works"]],
                 Weapon=[["dynamite"]]),
        template("kidnapping", PerpOrg=[["nla"]], Victim=[["ana maria ruiz"]]),
    )),
    Muc4Document("D2", "unused", (template("attack", Victim=[["jorge salas"]]),)),
]

PERFECT = {
    "D1": [
        {"incident_type": "bombing", "PerpInd": ["urban commandos"], "PerpOrg": ["NLA"],
         "Target": ["the power pylon", "water works"], "Weapon": ["dynamite"]},
        {"incident_type": "kidnapping", "PerpOrg": ["nla"], "Victim": ["Ana Maria Ruiz"]},
    ],
    "D2": [{"incident_type": "attack", "Victim": ["jorge salas"]}],
}


def copy(predictions):
    return json.loads(json.dumps(predictions))


def test_perfect_prediction_scores_one():
    scores = score_muc4(GOLD, PERFECT)
    assert scores.micro.f1 == 1.0
    assert all(scores.roles[r].f1 == 1.0 for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon"))
    assert scores.micro.r_den == 8 and scores.documents == 2


def test_missing_filler_lowers_recall_only():
    predictions = copy(PERFECT)
    predictions["D1"][0]["Target"] = ["power pylon"]
    scores = score_muc4(GOLD, predictions)
    assert scores.roles["Target"].precision == 1.0
    assert scores.roles["Target"].recall == 0.5
    assert scores.micro.recall == pytest.approx(7 / 8)
    assert scores.micro.precision == 1.0


def test_spurious_filler_lowers_precision_only():
    predictions = copy(PERFECT)
    predictions["D2"][0]["PerpInd"] = ["two gunmen"]
    scores = score_muc4(GOLD, predictions)
    assert scores.roles["PerpInd"].precision == 0.5 and scores.roles["PerpInd"].recall == 1.0
    assert scores.micro.precision == pytest.approx(8 / 9) and scores.micro.recall == 1.0


def test_filler_matching_any_mention_of_an_entity_counts():
    predictions = copy(PERFECT)
    predictions["D1"][0]["PerpOrg"] = ["Northern Liberation Army"]
    assert score_muc4(GOLD, predictions).roles["PerpOrg"].f1 == 1.0
    predictions["D1"][0]["PerpOrg"] = ["the liberation army"]  # not a mention: no partial credit
    assert score_muc4(GOLD, predictions).roles["PerpOrg"].p_num == 1  # only the kidnapping's


def test_duplicate_fillers_of_one_entity_count_once():
    predictions = copy(PERFECT)
    predictions["D1"][0]["PerpOrg"] = ["nla", "northern liberation army", "NLA", "the nla"]
    scores = score_muc4(GOLD, predictions)
    assert (scores.roles["PerpOrg"].p_num, scores.roles["PerpOrg"].p_den) == (2, 2)
    assert scores.micro.f1 == 1.0


def test_a_predicted_entity_of_several_mentions_must_be_one_gold_entity():
    predictions = copy(PERFECT)
    predictions["D1"][0]["PerpOrg"] = [["nla", "northern liberation army"]]
    assert score_muc4(GOLD, predictions).roles["PerpOrg"].f1 == 1.0
    predictions["D1"][0]["PerpOrg"] = [["nla", "urban commandos"]]
    assert score_muc4(GOLD, predictions).roles["PerpOrg"].recall == 0.5


def test_templates_are_aligned_whatever_their_order():
    predictions = copy(PERFECT)
    predictions["D1"].reverse()
    assert score_muc4(GOLD, predictions).micro.f1 == 1.0


def test_fillers_count_only_in_a_template_of_a_compatible_type():
    predictions = copy(PERFECT)
    predictions["D2"][0]["incident_type"] = "bombing"  # the gold is an attack
    scores = score_muc4(GOLD, predictions)
    assert scores.roles["Victim"].p_num == 1 and scores.roles["Victim"].p_den == 2
    gold = [Muc4Document("D3", "", (template("bombing / attack", Victim=[["jorge salas"]]),))]
    for kind in ("attack", "bombing", None):
        assert score_muc4(gold, {"D3": [{"incident_type": kind, "Victim": ["jorge salas"]}]}).micro.f1 == 1.0


def test_one_prediction_is_paired_with_one_gold_template():
    gold = [Muc4Document("D4", "", (template(Victim=[["jorge salas"]]), template(Victim=[["rosa vega"]])))]
    merged = {"D4": [{"incident_type": "attack", "Victim": ["jorge salas", "rosa vega"]}]}
    scores = score_muc4(gold, merged)
    assert (scores.micro.p_num, scores.micro.p_den, scores.micro.r_den) == (1, 2, 2)


def test_missing_document_and_unknown_document():
    scores = score_muc4(GOLD, {"D1": PERFECT["D1"]})
    assert scores.micro.recall == pytest.approx(7 / 8) and scores.micro.precision == 1.0
    with pytest.raises(Muc4FormatError, match="not in the gold: D9"):
        score_muc4(GOLD, {"D9": []})


def test_incident_type_variant_counts_templates_as_a_sixth_slot():
    predictions = copy(PERFECT)
    predictions["D2"].append({"incident_type": "arson"})
    plain = score_muc4(GOLD, predictions)
    typed = score_muc4(GOLD, predictions, count_incident_type=True)
    assert plain.micro.f1 == 1.0 and plain.incident_type is None
    assert (typed.incident_type.p_num, typed.incident_type.p_den, typed.incident_type.r_den) == (3, 4, 3)
    assert typed.micro.precision == pytest.approx(11 / 12)


def test_normalisation_follows_gtt():
    assert normalize_filler("  The \"Santa Rita\" Power-Station, ") == "santa rita powerstation"
    assert normalize_filler("a bomb") == normalize_filler("bomb")


def test_load_muc4_reads_gtt_records_and_drops_repeats(tmp_path):
    record = {"docid": "X-1", "text": "some text", "templates": [
        {"incident_type": "attack", "PerpInd": [["gunmen", "men"]], "PerpOrg": [], "Target": [[]],
         "Victim": [["rosa vega"]], "Weapon": []}] * 2}
    path = tmp_path / "muc.jsonl"
    path.write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    [doc] = load_muc4(path)
    assert doc.docid == "X-1" and len(doc.templates) == 1
    assert doc.templates[0].roles["PerpInd"] == (("gunmen", "men"),)
    assert doc.templates[0].roles["Target"] == ()


def test_load_muc4_bad_input_is_one_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"docid": "X-1"}\n', encoding="utf-8")
    with pytest.raises(Muc4FormatError, match=r"bad.jsonl:1: not a MUC-4 document \(missing field 'text'\)"):
        load_muc4(path)
    with pytest.raises(Muc4FormatError, match="cannot read"):
        load_muc4(tmp_path / "absent.jsonl")


# --------------------------------------------------------------------------- Vigil -> MUC-4

BOMBING = ("a car bomb exploded outside the electricity company offices in the capital this morning. "
           "two guards were wounded.")


def test_predict_maps_a_bombing_and_reads_its_weapon_words():
    templates = predict_muc4(BOMBING, "own-1")
    assert [t["incident_type"] for t in templates] == ["bombing"]
    assert [normalize_filler(w) for w in templates[0]["Weapon"]] == ["car bomb"]
    assert set(templates[0]) == {"incident_type", *ROLES}


def test_predict_leaves_out_incidents_without_a_muc_type():
    assert predict_muc4("the police arrested three suspects in the capital on monday.", "own-2") == []


def test_predictions_follow_vigils_own_extraction():
    """predict_muc4_documents parses once for extraction and weapon words; the incidents it maps
    must be exactly those extract_documents finds."""
    from vigil.evaluation import muc4
    from vigil.extract import extract_documents
    from vigil.readers import read_text

    texts = {"own-3": BOMBING + " police later detained a driver for questioning.",
             "own-4": "armed men abducted a school teacher from his home in the hills last night."}
    predicted = predict_muc4_documents(texts.items())
    assert list(predicted) == ["own-3", "own-4"]
    for docid, text in texts.items():
        expected = next(extract_documents([read_text(text, id=docid)])).incidents
        kinds = [muc4.SUB_EVENT_TO_MUC.get(i.sub_event_type) for i in expected]
        assert [t["incident_type"] for t in predicted[docid]] == [k for k in kinds if k]
    assert [t["incident_type"] for t in predicted["own-4"]] == ["kidnapping"]


@pytest.mark.skipif(not (SHARED_MUC4 / "muc4_dev.jsonl").is_file(),
                    reason="../shared/data/muc4/muc4_dev.jsonl is absent")
def test_shared_dev_gold_scored_against_itself_is_perfect():
    docs = load_muc4(SHARED_MUC4 / "muc4_dev.jsonl")
    assert len(docs) == 200
    oracle = {d.docid: [{"incident_type": t.incident_type.split("/")[0].strip(),
                         **{r: [list(e) for e in t.roles[r]] for r in ROLES}} for t in d.templates]
              for d in docs}
    scores = score_muc4(docs, oracle)
    assert scores.micro.f1 == 1.0 and scores.micro.r_den > 500
