"""Integrity of the gold files: offsets, cleaning hashes, taxonomy, places, no copied seed text."""
import hashlib
import json
import re
from pathlib import Path

import pytest

from vigil.evaluation.commands import corpus_folder, read_gold_documents
from vigil.evaluation.gold import GoldError, load_gold
from vigil.knowledge.gazetteer import load_gazetteer

GOLD = Path(__file__).resolve().parents[1] / "gold"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TAXONOMY = {k: set(v) for k, v in json.loads((GOLD / "acled_event_types.json").read_text()).items() if k != "_about"}
TARGETS = {"police", "paramilitary", "military", "government", "civilians", "religious", "political party", "business",
           "journalists", "foreign nationals", "health workers", "education", "transport", "unknown", "rebel group"}
PRECISIONS = {"day", "week", "month", "season", "year", "unknown"}
GOLD_FILES = ["seeds.jsonl", "examples.jsonl"]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def all_items(name):
    for doc in load_gold(GOLD / name):
        for item in [*doc.incidents, *doc.claims]:
            yield doc, item


@pytest.mark.parametrize("name", GOLD_FILES)
def test_offsets_lie_inside_the_cleaned_text(name):
    for doc, item in all_items(name):
        for start, end in item.evidence:
            assert 0 <= start < end <= doc.cleaned_length, (doc.document, start, end)


@pytest.mark.parametrize("name", GOLD_FILES)
def test_types_are_acled_pairs(name):
    for doc, item in all_items(name):
        if not hasattr(item, "event_type"):
            continue
        for et, st in [(item.event_type, item.sub_event_type), *item.alternative_types]:
            assert st in TAXONOMY.get(et, ()), (doc.document, et, st)


@pytest.mark.parametrize("name", GOLD_FILES)
def test_incident_fields_are_well_formed(name, gazetteer):
    for doc, item in all_items(name):
        if not hasattr(item, "event_type"):
            assert item.kind in {"count", "rate", "ratio", "percentage", "money", "distance", "ordinal"}
            continue
        assert item.date and item.date["precision"] in PRECISIONS, doc.document
        if item.date["precision"] == "day":
            assert item.date["start"] == item.date["end"]
        assert set(item.target_categories) <= TARGETS, item.target_categories
        for ident in [item.place and item.place.get("gazetteer_id"), *((item.place or {}).get("also") or [])]:
            assert ident is None or ident in gazetteer, ident
        for name_ in ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed"):
            count = getattr(item, name_)
            if count is not None:
                assert count["low"] is not None and count["low"] <= count["best"]
                assert count["high"] is None or count["best"] <= count["high"]


def cleaned(doc_gold):
    return read_gold_documents([doc_gold])[0].text


def test_examples_cleaning_has_not_changed_under_the_gold():
    for doc in load_gold(GOLD / "examples.jsonl"):
        digest = hashlib.sha256(cleaned(doc).encode("utf-8")).hexdigest()
        assert digest == doc.cleaned_sha256, (
            f"{doc.document}: the readers' cleaning changed; re-check and update the offsets in tests/gold/examples.jsonl")


def seeds_or_skip():
    folder = corpus_folder("seeds", None, SHARED)
    if not folder.is_dir():
        pytest.skip(f"seed corpus not present at {folder}")
    return load_gold(GOLD / "seeds.jsonl")


def test_seed_cleaning_has_not_changed_under_the_gold():
    for doc in seeds_or_skip():
        digest = hashlib.sha256(cleaned(doc).encode("utf-8")).hexdigest()
        assert digest == doc.cleaned_sha256, (
            f"{doc.document}: the readers' cleaning changed; re-check and update the offsets in tests/gold/seeds.jsonl")


def test_seed_gold_copies_no_sentence_of_the_seeds():
    raw = (GOLD / "seeds.jsonl").read_text(encoding="utf-8").lower()
    for doc in seeds_or_skip():
        words = re.findall(r"\w+", cleaned(doc).lower())
        shingles = {" ".join(words[i:i + 7]) for i in range(len(words) - 6)}
        gold_words = " ".join(re.findall(r"\w+", raw))
        copied = [s for s in shingles if s in gold_words]
        assert not copied, f"{doc.document}: gold repeats seed text: {copied[:3]}"


def test_seed_evidence_starts_and_ends_on_words():
    for doc in seeds_or_skip():
        text = cleaned(doc)
        for item in [*doc.incidents, *doc.claims]:
            for start, end in item.evidence:
                assert not text[start].isspace() and not text[end - 1].isspace(), (doc.document, start, end)


def test_bad_gold_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"document": "a", "cleaned_sha256": "x", "incidents": [{"evidence": [[5, 2]], "event_type": "Battles"}]}\n')
    with pytest.raises(GoldError, match=r"gold.jsonl:1 incident 1: bad evidence span"):
        load_gold(bad)
    with pytest.raises(GoldError, match="no gold documents"):
        (tmp_path / "empty.jsonl").write_text("\n")
        load_gold(tmp_path / "empty.jsonl")
