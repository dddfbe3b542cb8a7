import subprocess
import sys
from pathlib import Path

import pytest

from vigil.knowledge.errors import KnowledgeError
from vigil.knowledge.gazetteer import load_gazetteer

REPO = Path(__file__).resolve().parents[2]
SHARED_GAZETTEER = REPO / ".." / "shared" / "data" / "gazetteer"


def test_lookup_is_case_and_alias_insensitive():
    g = load_gazetteer()
    assert [p.id for p in g.lookup("ORANGI")] == ["khi:orangi-town"]
    assert g.lookup("Sohrabgoth")[0].id == "khi:sohrab-goth"
    assert g.lookup("sohrab goth")[0].id == "khi:sohrab-goth"
    assert g.lookup("Sharea Faisal")[0].id == "khi:shahrah-e-faisal"


def test_fuzzy_lookup_catches_near_misses_only():
    g = load_gazetteer()
    assert g.lookup("Surjani Twon")[0].id == "khi:surjani-town"
    assert g.lookup("Surjani Twon", fuzzy=False) == []
    assert g.lookup("Xyzzyville") == []


def test_ancestors_and_is_within():
    g = load_gazetteer()
    chain = [p.id for p in g.ancestors("khi:ps-pirabad")]
    assert chain == ["khi:pirabad", "khi:orangi-town", "khi:district-west", "khi:karachi", "PK-SD", "PK"]
    assert g.is_within("khi:mominabad", "khi:karachi")
    assert not g.is_within("gn:1168197", "khi:karachi")


def test_unknown_id_is_a_clear_error():
    with pytest.raises(KnowledgeError, match="no place with id 'nowhere'"):
        load_gazetteer().get("nowhere")


def test_parent_coordinates_are_labelled_honestly():
    g = load_gazetteer()
    pirabad = g.get("khi:pirabad")
    town = g.get("khi:orangi-town")
    assert pirabad.coord_quality == "parent" and (pirabad.lat, pirabad.lon) == (town.lat, town.lon)
    assert g.get("khi:jinnah-international-airport").coord_quality == "own"
    # estimated postal rows are never a coordinate source (they put Clifton offshore)
    assert not any(p.coord_source.startswith("GeoNames postal 75600") for p in g)


def test_pakistan_coverage():
    g = load_gazetteer()
    for pid in ["PK-KP/north-waziristan", "PK-KP/south-waziristan", "PK-KP/mohmand", "PK-KP/khyber",
                "PK-KP/bajaur", "PK-KP/kurram", "PK-KP/orakzai", "PK-BA/quetta", "icao:OPPS"]:
        assert pid in g
    assert sum(1 for p in g if p.level == "country") >= 190
    karachi_below_city = [p for p in g if p.id != "khi:karachi" and g.is_within(p.id, "khi:karachi")]
    assert len(karachi_below_city) >= 200


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeError, match="gazetteer file not found"):
        load_gazetteer(tmp_path / "none.jsonl.gz")


@pytest.mark.shared
def test_build_is_reproducible():
    if not SHARED_GAZETTEER.is_dir():
        pytest.skip("shared gazetteer sources not present")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
