"""Scoring merged incidents against an incident-coded gold: each figure on a known outcome.

The merged incidents here are written out in the incident contract (DESIGN.md), as the store returns
them, so that every figure's expected value is known by construction.
"""
import json
from dataclasses import replace
from pathlib import Path

import pytest

from vigil.evaluation.coded_gold import load_articles, load_coded_gold, load_parts, read_coded_gold
from vigil.evaluation.coded_score import (gold_target_categories, names_perpetrator, normalise, score_coded)
from vigil.evaluation.gold import GoldError
from vigil.knowledge.actors import load_actors

CODED = Path(__file__).resolve().parents[1] / "gold" / "coded"
LANGUAGES = {"harbour-1": "en", "ledger-7": "en", "khabar-3": "ur", "valley-2": "en", "harbour-9": "en"}


def evidence(document, sentence):
    return {"document": document, "sentence": sentence, "start": 0, "end": len(sentence)}


def incident(id, sub_event_type, date, place, killed, *evidences, perpetrators=(), targets=()):
    return {"id": id, "sub_event_type": sub_event_type,
            "date": {"start": date[0], "end": date[1], "precision": "day"} if date else None,
            "location": {"name": place, "city": place} if place else None,
            "fatalities": {"low": killed, "best": killed, "high": killed} if killed is not None else None,
            "perpetrators": [{"name": p, "text": p} for p in perpetrators],
            "targets": [{"category": t} for t in targets], "evidence": list(evidences)}


@pytest.fixture(scope="module")
def gold():
    return load_coded_gold(CODED / "gold.json")


def orangi(*documents, **fields):
    sentences = {
        "harbour-1": "KARACHI: Two police constables were shot dead by gunmen on a motorcycle at a checkpoint "
                     "in Orangi Town on Monday night.",
        "ledger-7": "KARACHI: Gunmen on a motorcycle opened fire upon a police checkpoint in Orangi Town late "
                    "on Monday, killing two constables.",
    }
    defaults = dict(perpetrators=(), targets=("police",))
    defaults.update(fields)
    return incident("m-orangi", "Attack", ("2021-03-08", "2021-03-08"), "Orangi Town", 2,
                    *(evidence(d, sentences[d]) for d in documents), **defaults)


def quetta(**fields):
    return incident("m-quetta", "Grenade", ("2021-03-11", "2021-03-11"), "Quetta", 6,
                    evidence("valley-2", "QUETTA: A bomb planted on a motorcycle exploded in a crowded vegetable "
                                         "market in Quetta on Wednesday, killing five people and wounding 20 others."),
                    **fields)


def noise_incident():
    return incident("m-noise", "Attack", ("2021-03-12", "2021-03-12"), "Karachi", 120,
                    evidence("harbour-9", "KARACHI: Police figures released on Friday show that 120 people lost "
                                          "their lives to street crime in the city last year."))


def test_recall_by_language_and_part(gold):
    parts = load_parts(CODED / "index.jsonl")
    scores = score_coded(gold, [orangi("harbour-1", "ledger-7"), quetta()], LANGUAGES, parts, load_actors())
    # T01 is told by three articles (two found, the Urdu one missed), T02 by one (found).
    assert (scores.core.correct, scores.core.scored) == (2, 2)
    assert (scores.reports.correct, scores.reports.scored) == (3, 4)
    assert {k: (v.correct, v.scored) for k, v in scores.by_language.items()} == {"en": (3, 3), "ur": (0, 1)}
    assert {k: (v.correct, v.scored) for k, v in scores.by_part.items()} == {"karachi": (2, 3), "pakistan": (1, 1)}
    assert [(m["incident"], m["article"]) for m in scores.misses] == [("T01", "khabar-3")]
    assert scores.misses[0]["vigil"] is None  # nothing at all from the Urdu article


def test_fields_on_found_reports(gold):
    scores = score_coded(gold, [orangi("harbour-1", "ledger-7"), quetta()], LANGUAGES, None, load_actors())
    fields = {name: (t.correct, t.scored) for name, t in scores.fields.items()}
    # Orangi: right on every field (twice); Quetta: wrong type (Grenade), wrong date (a day late),
    # right place, wrong toll (6 for 5); neither gold names a perpetrator.
    assert fields == {"type": (2, 3), "date": (2, 3), "place": (3, 3), "fatalities": (2, 3),
                      "perpetrator": (0, 0), "target": (2, 3)}
    assert [(w["incident"], w["fields"]) for w in scores.wrong_fields] == [("T02", ["type", "date", "fatalities", "target"])]
    by_part = score_coded(gold, [orangi("harbour-1", "ledger-7"), quetta()], LANGUAGES,
                          load_parts(CODED / "index.jsonl"), load_actors()).fields_by_part
    assert {part: (f["type"].correct, f["type"].scored) for part, f in by_part.items()} == {"karachi": (2, 2),
                                                                                             "pakistan": (0, 1)}


def test_alternative_type_and_date_range_count_as_right(gold):
    clash = orangi("harbour-1")
    clash["sub_event_type"] = "Armed clash"  # accepted as "Battles/Armed clash"
    clash["date"] = {"start": "2021-03-07", "end": "2021-03-09", "precision": "approximate"}  # overlaps
    scores = score_coded(gold, [clash], LANGUAGES)
    assert scores.fields["type"].correct == scores.fields["date"].correct == 1


def test_merging_together_and_apart(gold):
    one = score_coded(gold, [orangi("harbour-1", "ledger-7"), quetta()], LANGUAGES)
    assert (one.together.correct, one.together.scored) == (1, 1)
    assert (one.apart.correct, one.apart.scored) == (2, 2)  # each Orangi report vs the Quetta report
    split = score_coded(gold, [orangi("harbour-1"), orangi("ledger-7"), quetta()], LANGUAGES)
    assert (split.together.correct, split.together.scored) == (0, 1)
    lumped = orangi("harbour-1", "ledger-7")
    lumped["evidence"] += quetta()["evidence"]
    lumped_scores = score_coded(gold, [lumped], LANGUAGES)
    assert (lumped_scores.apart.correct, lumped_scores.apart.scored) == (0, 2)


def test_incidents_from_noise_articles_and_unmatched(gold):
    scores = score_coded(gold, [orangi("harbour-1"), noise_incident()], LANGUAGES)
    assert scores.noise_incidents == 1
    assert scores.unmatched_incidents == 1
    assert score_coded(gold, [orangi("harbour-1")], LANGUAGES).noise_incidents == 0


def test_language_filter_leaves_out_other_articles(gold):
    english = {k: v for k, v in LANGUAGES.items() if v == "en"}
    scores = score_coded(gold, [orangi("harbour-1", "ledger-7"), quetta()], english)
    assert (scores.reports.correct, scores.reports.scored) == (3, 3)
    assert set(scores.by_language) == {"en"}


def test_a_miss_shows_the_nearest_incident_of_its_article(gold):
    other = incident("m-other", "Arrests", ("2021-03-09", "2021-03-09"), "Orangi Town", None,
                     evidence("ledger-7", "Senior officers visited the site and ordered an inquiry."))
    near = incident("m-near", "Attack", ("2021-03-08", "2021-03-08"), "Orangi Town", 2,
                    evidence("ledger-7", "Gunmen on a motorcycle opened fire upon a police checkpoint."))
    scores = score_coded(gold, [other, near, quetta()], {"ledger-7": "en", "valley-2": "en"})
    (miss,) = scores.misses
    assert miss["article"] == "ledger-7" and miss["vigil"]["id"] == "m-near"
    assert miss["vigil"]["type"] == "Attack" and miss["vigil"]["fatalities"] == 2


def test_named_perpetrator_found_through_an_alias(gold):
    coded = gold.incidents[0]
    coded_named = replace(coded, perpetrator="Tehrik-i-Taliban Pakistan (claimed by a caller)")
    assert names_perpetrator(coded_named) and not names_perpetrator(coded)
    assert names_perpetrator(replace(coded, perpetrator="al-Shabaab"))
    assert not names_perpetrator(replace(coded, perpetrator="unidentified (TTP suspected by police)"))
    gold.incidents[0] = coded_named
    try:
        by_ttp = score_coded(gold, [orangi("harbour-1", perpetrators=("TTP",))], LANGUAGES, None, load_actors())
        by_other = score_coded(gold, [orangi("harbour-1", perpetrators=("Lashkar-e-Jhangvi",))], LANGUAGES, None,
                               load_actors())
    finally:
        gold.incidents[0] = coded
    assert (by_ttp.fields["perpetrator"].correct, by_ttp.fields["perpetrator"].scored) == (1, 1)
    assert (by_other.fields["perpetrator"].correct, by_other.fields["perpetrator"].scored) == (0, 1)


@pytest.mark.parametrize("gold_perpetrator, said, right", [
    ("Boko Haram (suspected by the army)", "Suspected Boko Haram fighters", True),
    ("al-Shabaab", "Al Shabaab militants", True),
    ("Sindh Rangers (initiator) vs militants of a banned outfit", "militants", False),  # a common noun names no one
    ("Islamic State (claimed)", "Islamist gunmen", False),
])
def test_perpetrator_is_matched_by_its_proper_name(gold, gold_perpetrator, said, right):
    gold.incidents[0], coded = replace(gold.incidents[0], perpetrator=gold_perpetrator), gold.incidents[0]
    try:
        scores = score_coded(gold, [orangi("harbour-1", perpetrators=(said,))], LANGUAGES, None, load_actors())
    finally:
        gold.incidents[0] = coded
    assert (scores.fields["perpetrator"].correct, scores.fields["perpetrator"].scored) == (int(right), 1)


def test_gold_targets_read_as_vigil_categories(gold):
    as_written = replace(gold.incidents[0], target_categories=["security forces (convoy escort)", "militants",
                                                               "journalist"])
    assert gold_target_categories(as_written, load_actors()) == {"police", "paramilitary", "military", "journalists"}


def test_evidence_matching_ignores_quotes_space_and_case():
    assert normalise("The \u2018Rangers\u2019  said\u00a0so") == normalise("the 'rangers' said so")


def test_format_is_recognised_from_content(tmp_path):
    assert read_coded_gold(CODED / "gold.json") is not None
    assert read_coded_gold(Path(__file__).resolve().parents[1] / "gold" / "examples.jsonl") is None
    one_line = tmp_path / "offset.jsonl"  # one offset-gold line is a JSON object too, without reports
    one_line.write_text(json.dumps({"document": "a", "incidents": [{"evidence": [[0, 5]]}]}) + "\n")
    assert read_coded_gold(one_line) is None


def test_bad_gold_names_the_incident(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text(json.dumps({"incidents": [{"incident_id": "X1", "reports": [{"article_id": "a", "evidence": "x"}]},
                                             {"incident_id": "X2", "reports": [{"article_id": "a", "evidence": ""}]}]}))
    with pytest.raises(GoldError, match=r"incident 2 \(X2\) report 1: 'evidence'"):
        load_coded_gold(bad)


def test_bad_article_lines_are_reported_and_skipped(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"id": "a", "text": "Gunmen killed a guard."}\nnot json\n{"id": "b", "text": ""}\n')
    problems = []
    loaded = load_articles(articles, on_bad=problems.append)
    assert [a.id for a in loaded] == ["a"]
    assert [p.split(": ", 1)[0] for p in problems] == [f"{articles}:2", f"{articles}:3"]


def test_a_gold_civilian_target_accepts_vigils_civilian_kinds(gold):
    doctor = replace(gold.incidents[0], target_categories=["civilians (doctor)"])
    wanted = gold_target_categories(doctor, load_actors())
    assert {"civilians", "health workers", "business", "transport"} <= wanted
    assert not wanted & {"police", "military", "paramilitary", "unknown"}
