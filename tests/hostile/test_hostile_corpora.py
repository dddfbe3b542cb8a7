"""Real corpora nobody here wrote extract with no internal error.

MUC-4 (train and dev, 1,500 reports in ../shared) is sampled deterministically, every 10th report,
to keep the suite fast; ``benchmarks/fuzz_extract.py --examples 0 --corpus ...`` runs all of it.
The dev corpus of real news is read from the JSONL file named by VIGIL_DEVCORPUS (records with an
id and a text), sampled the same way.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile_text import extract_each

ROOT = Path(__file__).resolve().parents[2]
MUC4 = ROOT.parent / "shared" / "data" / "muc4"
EVERY = 10


def _sample(path: Path) -> list[tuple[str, None]]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip() and number % EVERY == 0:
                texts.append((str(json.loads(line).get("text") or ""), None))
    return texts


def _assert_no_failures(result: dict) -> None:
    assert result["failures"] == 0, "\n\n".join(result["shown"].values())


@pytest.mark.shared
def test_muc4_train_and_dev_extract_without_internal_errors():
    paths = [MUC4 / "muc4_train.jsonl", MUC4 / "muc4_dev.jsonl"]
    if not all(p.exists() for p in paths):
        pytest.skip(f"MUC-4 is not in {MUC4}")
    texts = [t for path in paths for t in _sample(path)]
    result = extract_each("muc4", texts)
    assert result["read"] >= 140  # 150 sampled; a few may be empty
    _assert_no_failures(result)


def test_dev_corpus_extracts_without_internal_errors():
    given = os.environ.get("VIGIL_DEVCORPUS")
    if not given or not Path(given).is_file():
        pytest.skip("VIGIL_DEVCORPUS names no file (the dev corpus of real news, JSONL with id and text)")
    result = extract_each("devcorpus", _sample(Path(given)))
    assert result["read"] > 0
    _assert_no_failures(result)
