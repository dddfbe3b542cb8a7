"""`vigil report` as the command line runs it (a Typer app mounting report_command), on a
database made by ingesting the project's sample reports; and --pdf through Chromium."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from vigil.cli_errors import VigilGroup

import vigil
from vigil.report.commands import report_command

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
# A few sample reports: 2014 and 2023, inside Karachi and beyond it.
SAMPLES = ["police_bus_bombing_sindh_evening_post.txt", "airport_attack_indus_wire.txt",
           "karachi_police_office_harbour_times.html", "threat_and_denial_karachi_ledger.txt",
           "university_bombing_seaview_tv_transcript.txt"]

app = typer.Typer(cls=VigilGroup)  # as vigil.cli's app: one-line errors
app.command("report")(report_command)
app.command("noop")(lambda: None)  # two commands, so "report" is a subcommand as in vigil.cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'vigil.db'}"
    assert vigil.ingest([str(EXAMPLES / name) for name in SAMPLES], db=url).incidents > 5
    return url


def run(*args):
    return CliRunner().invoke(app, ["report", *args])


def incident_ids(html: str) -> list[str]:
    return re.findall(r'data-incident="([^"]+)"', html)


def test_report_of_a_period(db, tmp_path):
    out = tmp_path / "2014.html"
    result = run("--db", db, "--since", "2014-01-01", "--until", "2014-12-31", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    store = vigil.open(db)
    try:
        expected = store.merged_incidents(since="2014-01-01", until="2014-12-31")
    finally:
        store.close()
    assert sorted(incident_ids(html)) == sorted(i["id"] for i in expected)
    assert f"report of {len(expected)} incidents written to {out}" in result.output
    assert 'data-chart="incidents-by-month"' in html


def test_place_narrows_the_report(db, tmp_path):
    everything, karachi = tmp_path / "all.html", tmp_path / "karachi.html"
    assert run("--db", db, "-o", str(everything)).exit_code == 0
    assert run("--db", db, "--place", "Karachi", "-o", str(karachi)).exit_code == 0
    all_ids, karachi_ids = set(incident_ids(everything.read_text())), set(incident_ids(karachi.read_text()))
    assert karachi_ids and karachi_ids < all_ids
    assert "<title>Situation report · Karachi</title>" in karachi.read_text()


def test_bad_date_is_one_line_exit_2(db, tmp_path):
    result = run("--db", db, "--since", "yesterday", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.output.strip() == ("vigil report: invalid value for '--since': 'yesterday' is not a date: "
                                     "use YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day)")


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_pdf_beside_the_html(db, tmp_path):
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    out = tmp_path / "weekly.html"
    result = run("--db", db, "--since", "2023-02-01", "--until", "2023-02-28", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
