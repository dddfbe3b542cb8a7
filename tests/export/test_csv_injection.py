"""No CSV Vigil writes carries a formula: outlets and report ids that a spreadsheet would run
(OWASP's CSV injection) go through ingest and come out of every CSV as quoted text."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from vigil.csv_cells import FORMULA_STARTS, safe_cell

ROOT = Path(__file__).resolve().parents[2]
COMMAND_OUTLET = "+1+cmd|' /C calc'!A0"
LINK_FORMULA = '=HYPERLINK("http://x","y")'


def vigil(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    """Two reports (written for this test) whose outlet and id are formulas."""
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus.csv"
    with corpus.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "outlet", "published", "text"])
        writer.writerow([LINK_FORMULA, COMMAND_OUTLET, "2014-08-12",
                         "KARACHI: Gunmen on a motorcycle shot dead a traffic police constable in Orangi Town "
                         "on Tuesday, police said."])
        writer.writerow(["@second", LINK_FORMULA, "2014-08-16",
                         "KARACHI: A hand grenade thrown at a police van in Lyari injured four officers on "
                         "Friday evening, a police spokesman said."])
    db = str(folder / "hostile.db")
    result = vigil("ingest", "--db", db, str(corpus))
    assert result.returncode == 0, result.stderr
    return db


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (cell, row)


@pytest.mark.parametrize("fmt", ["acled-csv", "gtd-csv"])
def test_exports_quote_formula_outlets(hostile_db, tmp_path, fmt):
    out = tmp_path / f"{fmt}.csv"
    result = vigil("export", "--db", hostile_db, "--to", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert len(rows) >= 3, rows  # header and both incidents
    assert_no_formula(rows)
    text = "\n".join(",".join(r) for r in rows)
    assert "'" + COMMAND_OUTLET in text
    if fmt == "acled-csv":
        sources = [dict(zip(rows[0], r))["source"] for r in rows[1:]]
        assert "'" + COMMAND_OUTLET in sources and "'" + LINK_FORMULA in sources, sources


@pytest.mark.parametrize("command", [["incidents"], ["incidents", "--mentions"], ["documents"], ["claims"]])
def test_format_csv_of_every_listing_quotes_formulas(hostile_db, command):
    result = vigil(*command, "--db", hostile_db, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = rows_of(result.stdout)
    assert_no_formula(rows)
    if command[0] in ("incidents", "documents"):
        assert any(cell.startswith("'" + LINK_FORMULA) or cell.startswith("'@second") for r in rows[1:] for cell in r)


def test_documents_csv_keeps_the_outlet_readable(hostile_db):
    rows = rows_of(vigil("documents", "--db", hostile_db, "--format", "csv").stdout)
    outlets = {dict(zip(rows[0], r))["outlet"] for r in rows[1:]}
    assert outlets == {"'" + COMMAND_OUTLET, "'" + LINK_FORMULA}


def test_json_output_is_not_altered(hostile_db):
    result = vigil("documents", "--db", hostile_db, "--format", "jsonl")
    assert COMMAND_OUTLET in result.stdout  # only CSV is read by spreadsheets


@pytest.mark.parametrize("value, written", [
    ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-67", "'-67"),  # text that looks like a number is still text
    ("Karachi", "Karachi"), ("", ""), (None, ""),
    (-67.05, -67.05), (-3, -3), (24.9, 24.9),  # numbers in numeric columns stay numbers
])
def test_safe_cell(value, written):
    assert safe_cell(value) == written
