"""On the founding reports (when ../shared is present): the figures they disagree on come out of
`vigil conflicts` — Karachi's population and the size of its police force."""
import json
from pathlib import Path

import pytest

import vigil

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")
def test_seed_conflicts_on_population_and_police_strength(tmp_path):
    db = f"sqlite:///{tmp_path}/seeds.db"
    for line in (SEEDS / "index.jsonl").read_text().splitlines():
        meta = json.loads(line)
        summary = vigil.ingest([str(SEEDS / meta["file"])], db=db,
                               metadata={"published": meta["published"], "outlet": meta["outlet"]})
        assert summary.added == 1
    store = vigil.open(db)
    try:
        conflicts = store.conflicts()
    finally:
        store.close()
    values = {c["quantity"]: sorted(v["value"] for v in c["values"]) for c in conflicts}
    assert {20_000_000, 24_000_000} <= set(values["people"])
    assert {15_000, 27_000} <= set(values["police officer"])
    police = next(c for c in conflicts if c["quantity"] == "police officer")
    assert "scope differs" in police["explanation"]
