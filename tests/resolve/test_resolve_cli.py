"""The merge commands end to end: `vigil incidents` (merged), `incidents merge/split`,
`documents remove`, `conflicts`, `tally` over merged incidents and `tally --check-ordinals`,
on a SQLite file filled through the store with hand-built reports."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vigil.model import Claim, Count, DateRange, Document, Evidence, Incident, Location, Period, Sentence, Source, Target
from vigil.store import Store

ROOT = Path(__file__).resolve().parents[2]
LYARI = Location(name="Lyari", city="Karachi", precision="town", gazetteer_id="khi:lyari-town")

REPORTS = {
    "wire-a": ("Six police constables were killed when a roadside bomb hit their van in Lyari on Monday. "
               "The city has 27000 police officers including clerical staff.", "Daily A", 6, 27000,
               "including clerical staff"),
    "wire-b": ("A bomb planted by the road killed eight policemen in their van in Lyari on Monday. "
               "Only 15000 police officers are on active duty, and this was the 100th police officer killed.",
               "Daily B", 8, 15000, "active"),
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"PATH": os.environ.get("PATH", ""), "USER": "tester"})


def _report(doc_id: str):
    text, outlet, killed, strength, qualifier = REPORTS[doc_id]
    first = text.split(". ")[0] + "."
    document = Document(id=doc_id, text=text, outlet=outlet, published="2014-03-04")
    incident = Incident(
        id=f"{doc_id}:0", event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        date=DateRange("2014-03-03", "2014-03-03", "day"), location=LYARI,
        targets=[Target(text="police", category="police")], fatalities=Count(killed, killed, killed),
        evidence=[Evidence(doc_id, first, 0, len(first))], sources=[Source(doc_id, outlet, None, "2014-03-04")],
    )
    start = text.index(str(strength))
    claims = [Claim(id=f"{doc_id}:strength", value=strength, low=strength, high=strength, quantity="police officers",
                    qualifier=qualifier, place="Karachi", period=Period(None, "2014-03-04"),
                    evidence=Evidence(doc_id, text[start:start + 5], start, start + 5))]
    if "100th" in text:
        start = text.index("100th")
        claims.append(Claim(id=f"{doc_id}:ordinal", value=100, low=100, high=100, quantity="police officer",
                            place="Karachi", kind="ordinal", period=Period(None, "2014-03-04"),
                            evidence=Evidence(doc_id, "100th", start, start + 5)))
    return document, [Sentence(0, len(text))], [incident], claims


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    with Store.open(url) as store:
        for doc_id in REPORTS:
            store.add_report(*_report(doc_id))
    return url


def incidents(db: str) -> list[dict]:
    result = run("incidents", "--db", db, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_incidents_lists_merged_incidents_and_mentions_on_request(db):
    [merged] = incidents(db)
    assert sorted(r["document"] for r in merged["reports"]) == ["wire-a", "wire-b"]
    # same day, one sentence each: the higher figure is the best (tolls rise; docs/counting.md)
    assert merged["fatalities"] == {"low": 6, "best": 8, "high": 8}
    mentions = run("incidents", "--mentions", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert len(mentions) == 2


def test_split_merge_and_remove_are_recorded_and_reversible(db):
    with Store.open(db) as store:
        [merged] = store.merged_incidents()
    split = run("incidents", "split", merged["id"], "--document", "wire-b", "--reason", "two blasts", "--db", db,
                "--format", "json")
    assert split.returncode == 0, split.stderr
    parts = json.loads(split.stdout)
    assert sorted(len(p["reports"]) for p in parts) == [1, 1]
    joined = run("incidents", "merge", parts[0]["id"], parts[1]["id"], "--by", "ana", "--db", db, "--format", "json")
    assert joined.returncode == 0, joined.stderr
    assert sorted(r["document"] for r in json.loads(joined.stdout)[0]["reports"]) == ["wire-a", "wire-b"]
    removed = run("documents", "remove", "wire-b", "--db", db)
    assert removed.returncode == 0 and "removed wire-b" in removed.stderr
    with Store.open(db) as store:
        [left] = store.merged_incidents()
        assert [r["document"] for r in left["reports"]] == ["wire-a"]
        assert [(r["field"], r["author"]) for r in store.revisions()] == [
            ("split", "tester"), ("merge", "ana"), ("removed", "tester")]
    missing = run("documents", "remove", "wire-b", "--db", db)
    assert missing.returncode == 1 and "no such report" in missing.stderr


def test_conflicts_lists_disagreeing_figures_with_the_explanation(db):
    result = run("conflicts", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    [conflict] = [d for d in found if d["disagreement"] == "stated figure"]
    assert [v["value"] for v in conflict["values"]] == [15000, 27000]
    assert "scope differs" in conflict["explanation"]
    # the merged bombing's two reports give 6 and 8 dead: listed too, each with its sentence
    [toll] = [d for d in found if d["disagreement"] == "incident" and d["quantity"] == "fatalities"]
    assert {v["text"]: v["documents"] for v in toll["values"]} == {"6": ["wire-a"], "8": ["wire-b"]}
    assert all("killed" in v["sentence"] for v in toll["values"])


def test_conflicts_and_the_html_report_show_the_same_disagreements(db, tmp_path):
    table = run("conflicts", "--db", db, "--format", "json")
    page = tmp_path / "report.html"
    assert run("report", "--db", db, "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    section = html.split('id="disagreements"')[1].split("</section>")[0]
    for disagreement in json.loads(table.stdout):
        assert all(f"<strong>{v['text']}</strong>" in section for v in disagreement["values"])
    assert section.count('class="disagreement"') == len(json.loads(table.stdout))


def test_no_disagreement_is_said_plainly(tmp_path):
    db = f"sqlite:///{tmp_path}/empty.db"
    assert run("ingest", "--db", db, "--published", "2014-03-04", "--id", "quiet",
               str(_write(tmp_path / "quiet.txt", "A man was shot dead at a tea stall in Lyari on Monday."))).returncode == 0
    result = run("conflicts", "--db", db)
    assert result.returncode == 0 and "No disagreements between reports." in result.stdout


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_tally_counts_the_merged_incident_once_and_checks_ordinals(db):
    result = run("tally", "--by", "year", "--target", "police", "--place", "Lyari", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"year": "2014", "incidents": 1, "fatalities_low": 6, "fatalities_best": 8,
                                          "fatalities_high": 8, "fatalities_known": 1, "injured_low": None,
                                          "injured_best": None, "injured_high": None, "injured_known": 0}]
    check = run("tally", "--check-ordinals", "--db", db, "--format", "json")
    assert check.returncode == 0, check.stderr
    [row] = json.loads(check.stdout)
    assert (row["stated"], row["incidents"], row["fatalities_best"]) == (100, 1, 8)
