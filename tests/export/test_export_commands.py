"""`vigil export` as the command line runs it (through a Typer app, as vigil.cli mounts it),
on a database made by ingesting the project's sample reports."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

import vigil
from vigil.cli_errors import VigilGroup
from vigil.export.commands import export_command
from vigil.model import Incident

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"

app = typer.Typer(cls=VigilGroup)  # as vigil.cli's app: one-line errors
app.command("export")(export_command)
app.command("noop")(lambda: None)  # two commands, so "export" is a subcommand as in vigil.cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'vigil.db'}"
    summary = vigil.ingest([str(EXAMPLES)], db=url)
    assert summary.incidents > 10
    return url


@pytest.fixture(scope="module")
def stored(db):
    """What exports cover: the incidents merged across reports, each counted once."""
    store = vigil.open(db)
    try:
        return [Incident.from_dict(record) for record in store.merged_incidents()]
    finally:
        store.close()


def run(*args):
    return CliRunner().invoke(app, ["export", *args])


@pytest.mark.parametrize("fmt,name", [("acled-csv", "a.csv"), ("gtd-csv", "g.csv"), ("geojson", "x.geojson"),
                                      ("jsonl", "x.jsonl"), ("parquet", "x.parquet")])
def test_every_format_writes_every_incident(db, stored, tmp_path, fmt, name):
    out = tmp_path / name
    result = run("--to", fmt, "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    assert f"{len(stored)} incidents written" in result.output
    if fmt.endswith("csv"):
        assert len(pd.read_csv(out)) == len(stored)
    elif fmt == "geojson":
        assert len(json.loads(out.read_text())["features"]) == len(stored)
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == len(stored)
    else:
        assert len(out.read_text().splitlines()) == len(stored)


def test_jsonl_export_reads_back_to_the_stored_incidents(db, stored, tmp_path):
    out = tmp_path / "all.jsonl"
    assert run("--to", "jsonl", "-o", str(out), "--db", db).exit_code == 0
    read_back = [Incident.from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert read_back == stored


def test_filters(db, stored, tmp_path):
    out = tmp_path / "battles.jsonl"
    assert run("--to", "jsonl", "-o", str(out), "--db", db, "--type", "Battles", "--since", "2014").exit_code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    expected = [i for i in stored if i.event_type == "Battles" and i.date and (i.date.end or "") >= "2014-01-01"]
    assert lines and len(lines) == len(expected)
    assert {line["event_type"] for line in lines} == {"Battles"}


def test_place_filter_takes_everything_inside(db, stored, tmp_path):
    out = tmp_path / "sindh.jsonl"
    assert run("--to", "jsonl", "-o", str(out), "--db", db, "--place", "Sindh").exit_code == 0
    ids = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    in_karachi = {i.id for i in stored if i.location and i.location.city == "Karachi"}
    assert in_karachi and in_karachi <= ids
    assert all(i.location and i.location.province == "Sindh" for i in stored if i.id in ids)


def test_standard_output(db, stored):
    result = run("--to", "acled-csv", "-o", "-", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("event_id_cnty,event_date,year")
    assert len(result.stdout.splitlines()) == len(stored) + 1


def test_bad_usage_exits_2(db, tmp_path):
    result = run("--to", "shapefile", "-o", str(tmp_path / "x"), "--db", db)
    assert result.exit_code == 2 and "'shapefile' is not one of" in result.output
    assert run("--to", "parquet", "-o", "-", "--db", db).exit_code == 2


def test_bad_input_is_one_line_and_exit_1(db, tmp_path):
    result = run("--to", "jsonl", "-o", str(tmp_path / "x.jsonl"), "--db", db, "--since", "last week")
    assert result.exit_code == 2  # a flag's bad value is bad usage
    assert result.output.strip().splitlines() == [
        "vigil export: invalid value for '--since': 'last week' is not a date: "
        "use YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day)"]
    result = run("--to", "jsonl", "-o", str(tmp_path / "no" / "x.jsonl"), "--db", db)
    assert result.exit_code == 1 and "cannot write" in result.output
