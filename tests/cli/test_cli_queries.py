"""`vigil incidents`, `vigil tally`, `vigil claims` and `vigil conflicts` with their filters,
through the real command on a SQLite file of the project's sample corpus."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"


class Result:
    def __init__(self, outcome):
        self.returncode, self.stdout, self.stderr = outcome.exit_code, outcome.stdout, outcome.stderr


def run(*args: str) -> Result:
    """The command in this process (the NLP pipeline loads once for the module)."""
    return Result(CliRunner().invoke(app, list(args)))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('queries')}/vigil.db"
    result = run("ingest", str(EXAMPLES), "--db", url)
    assert result.returncode == 0, result.stderr
    return url


def incidents(db: str, *args: str) -> list[dict]:
    result = run("incidents", "--db", db, "-f", "jsonl", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line]


def test_perpetrator_by_alias(db):
    """The sample corpus names TTP as "the Pakistani Taliban", "Tehrik-i-Taliban Pakistan" and so on."""
    found = incidents(db, "--perpetrator", "TTP")
    assert len(found) >= 3
    for incident in found:
        assert any(p["name"] == "Tehreek-e-Taliban Pakistan" or "Taliban" in (p["text"] or "")
                   or p["name"] in ("Jamaat-ul-Ahrar",) for p in incident["perpetrators"])
    assert [i["id"] for i in incidents(db, "--perpetrator", "Pakistani Taliban")] == [i["id"] for i in found]


def test_place_includes_its_neighbourhoods(db):
    orangi = incidents(db, "--place", "Orangi Town")
    assert [i["location"]["name"] for i in orangi] == ["Pirabad police station"]  # a point in Pirabad
    karachi = incidents(db, "--place", "Karachi")
    assert set(i["id"] for i in orangi) < set(i["id"] for i in karachi)
    assert all(i["location"]["city"] == "Karachi" for i in karachi)


def test_sort_limit_and_filters(db):
    top = incidents(db, "--sort", "fatalities", "--desc", "--limit", "2")
    everything = incidents(db)
    best = sorted((i["fatalities"]["best"] for i in everything if i["fatalities"]), reverse=True)
    assert [i["fatalities"]["best"] for i in top] == best[:2]
    big = incidents(db, "--min-fatalities", "10", "--type", "Battles")
    assert big and all(i["fatalities"]["best"] >= 10 and i["event_type"] == "Battles" for i in big)
    assert all("bus" in " ".join(e["sentence"].lower() for e in i["evidence"])
               for i in incidents(db, "--text", "bus"))
    result = run("incidents", "--db", db, "--sort", "colour")
    assert result.returncode == 2 and "colour" in result.stderr


def test_tally_as_csv_and_json(db):
    result = run("tally", "--db", db, "--by", "year", "--by", "target", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) >= {"year", "target", "incidents", "fatalities_low", "fatalities_best", "fatalities_high"}
    police = [r for r in rows if r["target"] == "police"]
    assert police and sum(int(r["incidents"]) for r in police) == len(incidents(db, "--target", "police"))
    result = run("tally", "--db", db, "--by", "perpetrator", "--place", "Karachi", "-f", "json")
    names = {r["perpetrator"] for r in json.loads(result.stdout)}
    assert "Tehreek-e-Taliban Pakistan" in names and "Pakistani Taliban" not in names
    result = run("tally", "--db", db, "--by", "place", "--level", "district", "-f", "json")
    districts = {r["place"] for r in json.loads(result.stdout)}
    assert {"Karachi South", "Karachi West"} <= districts
    assert run("tally", "--db", db, "--by", "place", "--level", "street").returncode == 2


def test_claims_and_conflicts_filters(db):
    result = run("claims", "--db", db, "--kind", "count", "-f", "jsonl")
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and all(c["kind"] == "count" for c in claims)
    some = claims[0]["evidence"]["document"]
    result = run("claims", "--db", db, "--document", some, "-f", "jsonl")
    assert all(json.loads(line)["evidence"]["document"] == some for line in result.stdout.splitlines())
    result = run("conflicts", "--db", db, "--place", "Karachi", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert all(c["place"] for c in json.loads(result.stdout))
