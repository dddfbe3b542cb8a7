"""`vigil evaluate` agrees with ../shared/tools/score_corpus.py on the development corpus.

Both ingest the 149 articles (a few minutes each), so the test runs only when VIGIL_DEVCORPUS names
the rebuilt articles file (../shared/corpus/dev/REBUILD.md); it never enters the repository.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "tools" / "score_corpus.py"
ARTICLES = os.environ.get("VIGIL_DEVCORPUS")

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (DEV / "gold.json").exists() or not SCORER.exists(), reason="../shared is absent"),
    pytest.mark.skipif(not ARTICLES or not Path(ARTICLES).exists(),
                       reason="set VIGIL_DEVCORPUS to the rebuilt dev articles (takes minutes)"),
]


def reference_figures(*language: str) -> dict:
    """score_corpus.py's summary line, as numbers."""
    vigil = Path(sys.executable).with_name("vigil")
    done = subprocess.run([sys.executable, str(SCORER), "--vigil", str(vigil), "--articles", ARTICLES,
                           "--gold", str(DEV / "gold.json"), *language],
                          capture_output=True, text=True, timeout=3600)
    summary = next(line for line in done.stdout.splitlines() if line.startswith("summary:"))
    return {name: float(value) for name, value in re.findall(r"(\w+) (\d+(?:\.\d+)?)", summary)}


def our_figures(*language: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "vigil.cli", "evaluate", str(DEV / "gold.json"),
                           "--articles", ARTICLES, "--index", str(DEV / "index.jsonl"), "--format", "json",
                           *language], capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    fields = {name: (f["accuracy"] or 0.0) for name, f in data["fields"].items()}
    return {"core": data["core_recall"]["recall"], "reports": data["report_recall"]["recall"],
            "together": data["merging"]["together"]["share"] or 0.0,
            "apart": data["merging"]["apart"]["share"] or 0.0,
            "type": fields["type"], "date": fields["date"], "place": fields["place"],
            "fatalities": fields["fatalities"], "noise": data["noise_incidents"]}


@pytest.mark.parametrize("language", [(), ("--language", "en")], ids=["all", "en"])
def test_figures_agree_with_score_corpus(language):
    reference, ours = reference_figures(*language), our_figures(*language)
    for name, value in reference.items():
        assert ours[name] == pytest.approx(value, abs=0.01), name
