"""`vigil incidents show`, `link`, `unlink` and `vigil tally --by case-stage`, through the real
command on a SQLite file of the project's case reports (tests/fixtures/cases)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli import app

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "reports.jsonl"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/vigil.db"
    result = run("ingest", str(REPORTS), "--db", url)
    assert result.exit_code == 0, result.stderr
    return url


def incidents(db: str, *args: str) -> list[dict]:
    result = run("incidents", "--db", db, "-f", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def killing_and_arrest(db: str) -> tuple[dict, dict]:
    [killing] = [i for i in incidents(db, "--document", "harbour-2016-05-10")]
    [arrest] = incidents(db, "--document", "harbour-2016-06-02")
    return killing, arrest


def test_show_prints_the_incident_its_sources_figures_and_case_timeline(db):
    killing, arrest = killing_and_arrest(db)
    result = run("incidents", "show", killing["id"], "--db", db)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in (f"Incident {killing['id']}", "Sources", "Figures per report", "Case timeline (stage: convicted)"):
        assert heading in out
    assert "Harbour Times" in out and "Sindh Courier" in out
    # The timeline in order: the killing, the arrest three weeks on, the verdicts two years on.
    assert out.index("2016-05-09") < out.index(arrest["id"]) < out.index("Conviction")

    shown = json.loads(run("incidents", "show", arrest["id"], "--db", db, "-f", "json").stdout)[0]
    assert shown["follows"] == killing["id"] and shown["case"]["incident"]["id"] == killing["id"]
    assert [s["sub_event_type"] for s in shown["case"]["steps"]] == ["Arrests", "Acquittal", "Conviction"]
    fields = {row["field"]: row["value"] for row in csv.DictReader(io.StringIO(
        run("incidents", "show", arrest["id"], "--db", db, "-f", "csv").stdout))}
    assert fields["follows"].startswith(killing["id"]) and fields["sub_event_type"] == "Arrests"

    # A mention's id shows the merged incident it belongs to.
    assert f"Incident {killing['id']}" in run("incidents", "show", killing["mentions"][0], "--db", db).stdout


def test_show_of_an_incident_nothing_follows_says_so(db):
    [other] = incidents(db, "--document", "courier-2016-05-10b")
    out = run("incidents", "show", other["id"], "--db", db).stdout
    assert "Case timeline (stage: no arrest): No judicial step follows this incident." in " ".join(out.split())


def test_unlink_and_link_by_hand(db):
    killing, arrest = killing_and_arrest(db)
    [other] = incidents(db, "--document", "courier-2016-05-10b")
    result = run("incidents", "unlink", arrest["id"], "--db", db, "--by", "analyst", "--reason", "not this murder")
    assert result.exit_code == 0, result.stderr
    assert killing_and_arrest(db)[1]["follows"] is None
    result = run("incidents", "link", arrest["id"], "--follows", other["id"], "--db", db, "--by", "analyst",
                 "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["follows"] == other["id"]
    # Ingesting the reports again changes nothing the analyst decided.
    assert run("ingest", str(REPORTS), "--db", db).exit_code == 0
    assert killing_and_arrest(db)[1]["follows"] == other["id"]


def test_bad_links_are_one_line_on_stderr(db):
    killing, arrest = killing_and_arrest(db)
    for args in (["link", killing["id"], "--follows", arrest["id"]],  # a killing follows nothing
                 ["link", "no-such-incident", "--follows", killing["id"]],
                 ["show", "no-such-incident"]):
        result = run("incidents", *args, "--db", db)
        assert result.exit_code != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("vigil incidents") and "Traceback" not in result.stderr
    missing = run("incidents", "show", killing["id"], "--db", f"sqlite:///{Path(db[10:]).parent}/none.db")
    assert missing.exit_code == 2 and "no database" in missing.stderr


def test_tally_by_case_stage(db):
    result = run("tally", "--by", "case-stage", "--type", "Violence against civilians", "--db", db, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["case-stage"]: int(r["incidents"]) for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows == {"convicted": 1, "arrest made": 2, "no arrest": 2}
