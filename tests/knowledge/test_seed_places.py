"""Every place named in the five seeds resolves to the right entry, chain and precision."""
import csv
import re
from pathlib import Path

import pytest

from vigil.knowledge.gazetteer import load_gazetteer
from vigil.knowledge.geoparse import resolve_place

TABLE = Path(__file__).with_name("seed_places.tsv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8"), delimiter="\t"))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['seed']}:{r['name']}" for r in ROWS])
def test_place_resolves_to_expected_entry(row):
    gazetteer = load_gazetteer()
    loc = resolve_place(row["name"], context_city_id=row["context"] or None)
    assert loc.gazetteer_id == row["expected_id"]
    assert loc.precision == row["precision"]
    ancestors = [p.id for p in gazetteer.ancestors(loc.gazetteer_id)]
    for expected in filter(None, row["expected_ancestors"].split(",")):
        assert expected in ancestors, f"{expected} not in chain {ancestors}"
    assert loc.lat is not None and loc.lon is not None


@pytest.mark.shared
def test_table_names_occur_in_their_seeds(seeds_dir):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds_dir.glob("0*.txt")}
    for row in ROWS:
        if row["seed"] == "-":
            continue
        pattern = re.escape(row["name"]).replace(r"\ ", r"\s+")
        assert re.search(pattern, texts[row["seed"]], re.IGNORECASE), f"{row['name']} not in seed {row['seed']}"


@pytest.mark.shared
def test_no_seed_neighbourhood_is_a_person_or_org(seeds_dir, nlp_with_ruler):
    gazetteer = load_gazetteer()
    karachi_rows = [r for r in ROWS if r["seed"] != "-" and "khi:karachi" in r["expected_ancestors"].split(",")
                    and r["precision"] in ("neighbourhood", "town")]
    assert karachi_rows
    for path in sorted(seeds_dir.glob("0*.txt")):
        text = re.sub(r"^\d+:\d\d:\d\d > \d+:\d\d:\d\d", "", path.read_text(encoding="utf-8"), flags=re.M)
        doc = nlp_with_ruler(text)
        for row in karachi_rows:
            if row["seed"] != path.name[:3]:
                continue
            spans = [e for e in doc.ents if row["name"].lower() in e.text.lower()]
            assert spans, f"{row['name']} not labelled at all in {path.name}"
            for ent in spans:
                assert ent.label_ not in ("PERSON", "ORG"), f"{ent.text} labelled {ent.label_} in {path.name}"
                assert gazetteer.is_within(ent.ent_id_, "khi:karachi"), (ent.text, ent.ent_id_)
