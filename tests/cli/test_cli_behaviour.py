"""How the command line behaves around its results: --version, plain help, --db as a path,
empty results said the same way in every command and format, tables within $COLUMNS."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INCIDENTS_FILE = ROOT / "tests" / "export" / "fixtures" / "incidents.jsonl"


def vigil(*args: str, cwd: Path = ROOT, columns: int | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A database holding the export tests' incidents, imported by `vigil ingest` (no NLP)."""
    db = tmp_path_factory.mktemp("stored") / "stored.db"
    result = vigil("ingest", "--db", str(db), str(INCIDENTS_FILE))
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    """A database that exists and holds nothing (ingest creates it, then finds the file empty)."""
    folder = tmp_path_factory.mktemp("empty")
    (folder / "nothing.txt").write_text("", encoding="utf-8")
    db = folder / "empty.db"
    vigil("ingest", "--db", str(db), str(folder / "nothing.txt"))
    assert db.exists()
    return db


def test_version():
    result = vigil("--version")
    assert result.returncode == 0
    import vigil as package

    assert result.stdout.strip() == f"vigil {package.__version__}"


@pytest.mark.parametrize("command", [[], ["ingest"], ["extract"], ["incidents"], ["incidents", "merge"], ["tally"],
                                     ["claims"], ["conflicts"], ["export"], ["report"], ["documents"],
                                     ["gazetteer", "missing"], ["evaluate"]])
def test_help_names_values_plainly(command):
    result = vigil(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: vigil" in result.stdout
    for hint in ("<bool>", "<str>", "<int>", "<list", "<path>", "<Path>"):
        assert hint not in result.stdout, (hint, result.stdout)


def test_db_takes_a_plain_relative_path(stored, tmp_path):
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "x.sqlite"
    target.write_bytes(stored.read_bytes())
    by_path = vigil("incidents", "--db", "./data/x.sqlite", "--format", "jsonl", cwd=tmp_path)
    by_url = vigil("incidents", "--db", f"sqlite:///{target}", "--format", "jsonl", cwd=tmp_path)
    assert by_path.returncode == 0, by_path.stderr
    assert by_path.stdout == by_url.stdout and len(by_path.stdout.splitlines()) > 0


def test_ingest_creates_a_database_given_as_a_path(tmp_path):
    result = vigil("ingest", "--db", "my.db", str(INCIDENTS_FILE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "my.db").exists()


EMPTY_LINES = {
    ("incidents",): "No incidents match.",
    ("incidents", "--mentions"): "No incidents match.",
    ("claims",): "No claims match.",
    ("conflicts",): "No disagreements between reports.",
    ("tally",): "No incidents to count.",
    ("documents",): "No reports stored.",
}


@pytest.mark.parametrize("command", list(EMPTY_LINES), ids=" ".join)
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_empty_results_are_said_the_same_way(empty, command, fmt):
    result = vigil(*command, "--db", str(empty), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if fmt == "table":
        assert result.stdout == EMPTY_LINES[command] + "\n"
    elif fmt == "csv":
        lines = result.stdout.splitlines()
        assert len(lines) == 1 and "," in lines[0], result.stdout  # the header alone
    elif fmt == "json":
        assert json.loads(result.stdout) == []
    else:
        assert result.stdout == ""


def test_empty_tally_csv_header_names_its_groups(empty):
    header = vigil("tally", "--db", str(empty), "--by", "month", "--by", "type", "--format", "csv").stdout
    assert header.startswith("month,type,incidents,fatalities_low")


@pytest.mark.parametrize("command", [["incidents"], ["incidents", "--mentions"], ["documents"], ["claims"],
                                     ["tally", "--by", "month", "--by", "type"]])
def test_tables_fit_in_100_columns(stored, command):
    result = vigil(*command, "--db", str(stored), columns=100)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 100, result.stdout


def test_ids_are_never_broken_in_a_narrow_table(stored):
    ids = [json.loads(line)["id"] for line in vigil("incidents", "--db", str(stored), "--format", "jsonl").stdout
           .splitlines()]
    table = vigil("incidents", "--db", str(stored), columns=100).stdout
    assert ids and all(i in table for i in ids)
