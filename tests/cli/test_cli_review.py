"""`vigil incidents confirm|edit|reject|restore|history|queue` through the real command on a real
SQLite file (filled through the store with the invented reports of tests/store/review_reports.py),
and what a review does to `vigil incidents`, `vigil tally` and `vigil export`."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.store.review_reports import fill, report
from vigil.cli import app
from vigil.store import Store


class Result:
    def __init__(self, outcome):
        self.returncode, self.stdout, self.stderr = outcome.exit_code, outcome.stdout, outcome.stderr


def run(*args: str) -> Result:
    return Result(CliRunner().invoke(app, list(args)))


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    with Store.open(url) as store:
        fill(store)
    return url


def ids(db: str, *args: str) -> dict[str, dict]:
    """The merged incidents `vigil incidents` lists, by their first report."""
    result = run("incidents", "--db", db, "-f", "jsonl", *args)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {sorted(s["document"] for s in r["sources"])[0]: r for r in records}


def test_edit_then_history_then_export_marks_the_edit(db, tmp_path):
    grenade = ids(db)["kh-courier"]["id"]
    result = run("incidents", "edit", grenade, "--field", "fatalities", "--value", "4", "--reason",
                 "the morgue counted four", "--by", "amna", "--db", db, "-f", "json")
    assert result.returncode == 0, result.stderr
    [edited] = json.loads(result.stdout)
    assert edited["fatalities"] == {"low": 2, "best": 4, "high": 4} and edited["edited"] == ["fatalities"]
    assert edited["edits"]["fatalities"]["by"] == "amna"

    table = run("incidents", "edit", grenade, "--field", "place", "--value", "Baldia Town", "--reason", "wrong market",
                "--db", db)
    assert table.returncode == 0 and "Baldia Town" in table.stdout and "location" in table.stdout

    history = run("incidents", "history", grenade, "--db", db, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(history.stdout)))
    assert [(r["field"], r["from"], r["to"], r["by"], r["reason"]) for r in rows] == [
        ("fatalities", "2/3/3", "2/4/4", "amna", "the morgue counted four"),
        ("location", "Kharadar", "Baldia Town", rows[1]["by"], "wrong market")]
    as_json = json.loads(run("incidents", "history", grenade, "--db", db, "-f", "json").stdout)
    assert as_json[0]["new_value"] == {"low": 2, "best": 4, "high": 4} and as_json[0]["created_at"]

    out = tmp_path / "acled.csv"
    assert run("export", "--db", db, "--to", "acled-csv", "-o", str(out)).returncode == 0
    acled = {r["tags"].split(";")[0]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    row = acled[f"vigil_id={grenade}"]
    assert row["tags"] == f"vigil_id={grenade}; vigil_edited=location,fatalities"
    assert row["fatalities"] == "2"  # ACLED codes the low figure; the edit kept the reports' low
    assert "Edited by a reviewer: location, fatalities." in row["notes"]
    assert "as corrected by a reviewer" in row["notes"]
    untouched = next(r for key, r in acled.items() if key != f"vigil_id={grenade}")
    assert "vigil_edited" not in untouched["tags"] and "reviewer" not in untouched["notes"]

    geojson = tmp_path / "out.geojson"
    assert run("export", "--db", db, "--to", "geojson", "-o", str(geojson)).returncode == 0
    marks = {f["id"]: f["properties"]["edited_fields"] for f in json.loads(geojson.read_text())["features"]}
    assert marks[grenade] == "location; fatalities" and set(marks.values()) == {"location; fatalities", ""}
    gtd = tmp_path / "gtd.csv"
    assert run("export", "--db", db, "--to", "gtd-csv", "-o", str(gtd)).returncode == 0
    summaries = {r["eventid"]: r["summary"] for r in csv.DictReader(gtd.open(encoding="utf-8"))}
    assert summaries[grenade].endswith("Edited by a reviewer: location, fatalities.")


def test_reject_hides_from_lists_tallies_exports_and_restore_brings_it_back(db, tmp_path):
    kidnapping = ids(db)["qt-engineer"]["id"]
    before_tally = json.loads(run("tally", "--by", "type", "--db", db, "-f", "json").stdout)
    result = run("incidents", "reject", kidnapping, "--reason", "a family dispute", "--db", db, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["status"] == "rejected"
    assert "qt-engineer" not in ids(db)
    assert list(ids(db, "--status", "rejected")) == ["qt-engineer"]
    assert "qt-engineer" in ids(db, "--status", "all")
    after_tally = json.loads(run("tally", "--by", "type", "--db", db, "-f", "json").stdout)
    assert sum(r["incidents"] for r in after_tally) == sum(r["incidents"] for r in before_tally) - 1
    out = tmp_path / "all.jsonl"
    assert run("export", "--db", db, "--to", "jsonl", "-o", str(out)).returncode == 0
    assert kidnapping not in out.read_text()
    asked = tmp_path / "rejected.jsonl"
    assert run("export", "--db", db, "--to", "jsonl", "-o", str(asked), "--status", "rejected").returncode == 0
    assert [json.loads(line)["id"] for line in asked.read_text().splitlines()] == [kidnapping]
    report_html = tmp_path / "report.html"
    written = run("report", "--db", db, "-o", str(report_html))
    assert written.returncode == 0 and "report of 3 incidents" in written.stderr
    assert "Valley Post" not in report_html.read_text(encoding="utf-8")  # the kidnapping's only outlet

    only_rejected = tmp_path / "rejected.html"
    written = run("report", "--db", db, "-o", str(only_rejected), "--status", "rejected")
    assert written.returncode == 0 and "report of 1 incident " in written.stderr
    assert "Valley Post" in only_rejected.read_text(encoding="utf-8")
    assert "report of 4 incidents" in run("report", "--db", db, "-o", str(only_rejected), "--status", "all").stderr
    assert "report of 0 incidents" in run("report", "--db", db, "-o", str(only_rejected), "--status", "confirmed").stderr
    refused = run("report", "--db", db, "-o", str(only_rejected), "--status", "maybe")
    assert refused.returncode == 2 and "'maybe' is not one of" in refused.stderr

    restored = run("incidents", "restore", kidnapping, "--db", db, "-f", "json")
    assert restored.returncode == 0 and json.loads(restored.stdout)[0]["status"] == "extracted"
    assert "qt-engineer" in ids(db)
    history = json.loads(run("incidents", "history", kidnapping, "--db", db, "-f", "json").stdout)
    assert [(h["old_value"], h["new_value"]) for h in history] == [("extracted", "rejected"), ("rejected", "extracted")]


def test_revert_gives_the_machine_value_back_and_is_in_the_history(db):
    grenade = ids(db)["kh-courier"]["id"]
    machine = ids(db)["kh-courier"]["fatalities"]
    assert run("incidents", "edit", grenade, "--field", "fatalities", "--value", "9", "--reason", "morgue",
               "--db", db).returncode == 0
    assert run("incidents", "edit", grenade, "--field", "place", "--value", "Baldia Town", "--reason", "market",
               "--db", db).returncode == 0
    result = run("incidents", "revert", grenade, "--field", "fatalities", "--reason", "the morgue list was wrong",
                 "--by", "bilal", "--db", db, "-f", "json")
    assert result.returncode == 0, result.stderr
    [reverted] = json.loads(result.stdout)
    assert reverted["edited"] == ["location"] and reverted["status"] == "edited"
    assert ids(db)["kh-courier"]["fatalities"] == machine
    history = json.loads(run("incidents", "history", grenade, "--db", db, "-f", "json").stdout)
    assert (history[-1]["field"], history[-1]["author"], history[-1]["reason"]) == (
        "fatalities", "bilal", "the morgue list was wrong")
    assert history[-1]["old_value"]["best"] == 9

    again = run("incidents", "revert", grenade, "--field", "fatalities", "--reason", "twice", "--db", db)
    assert again.returncode == 1 and "nobody edited it" in again.stderr
    unknown = run("incidents", "revert", grenade, "--field", "colour", "--reason", "x", "--db", db)
    assert unknown.returncode == 2 and "cannot revert field 'colour'" in unknown.stderr
    assert run("incidents", "revert", grenade, "--field", "place", "--db", db).returncode == 2  # no reason
    back = run("incidents", "revert", grenade, "--field", "place", "--reason", "the first place was right",
               "--db", db, "-f", "json")
    assert json.loads(back.stdout)[0]["status"] == "extracted" and "edited" not in json.loads(back.stdout)[0]


def test_confirm_and_the_queue(db):
    queue = run("incidents", "queue", "--db", db, "-f", "json")
    assert queue.returncode == 0, queue.stderr
    order = [(sorted(s["document"] for s in r["sources"])[0], r["need"]) for r in json.loads(queue.stdout)]
    assert order[:2] == [("qt-engineer", "low confidence"), ("kh-courier", "reports disagree")]
    first = json.loads(queue.stdout)[0]["id"]
    confirmed = run("incidents", "confirm", first, "--by", "amna", "--reason", "called the family", "--db", db)
    assert confirmed.returncode == 0 and "confirmed" in confirmed.stdout
    table = run("incidents", "queue", "--db", db, "--limit", "1")
    assert "1 of 3 incidents waiting for review" in table.stdout and "reports disagree" in table.stdout
    assert first not in run("incidents", "queue", "--db", db, "-f", "jsonl").stdout
    assert first in run("incidents", "queue", "--status", "confirmed", "--db", db, "-f", "jsonl").stdout


def test_an_edit_made_on_the_command_line_holds_when_a_report_arrives(db):
    grenade = ids(db)["kh-courier"]["id"]
    assert run("incidents", "edit", grenade, "--field", "sub-type", "--value", "Suicide bomb", "--reason",
               "police now say a bomber", "--db", db).returncode == 0
    with Store.open(db) as store:
        store.add_report(*report("kh-ledger"))
    now = ids(db)["kh-courier"]
    assert now["sub_event_type"] == "Suicide bomb" and "kh-ledger" in {s["document"] for s in now["sources"]}


@pytest.mark.parametrize("args, code, line", [
    (["confirm", "nope"], 1, r"^vigil incidents confirm: no incident 'nope'"),
    (["history", "nope"], 1, r"^vigil incidents history: no incident 'nope'"),
    (["restore", "{grenade}"], 1, r"^vigil incidents restore: cannot restore incident '\w+': it is not rejected"),
    (["edit", "{grenade}", "--field", "weather", "--value", "x", "--reason", "r"], 2,
     r"^vigil incidents edit: cannot edit field 'weather': choose from event_type, sub_event_type, date, place"),
    (["edit", "{grenade}", "--field", "fatalities", "--value", "-3", "--reason", "r"], 2,
     r"^vigil incidents edit: bad value for fatalities: value '-3' is not a whole number of 0 or more$"),
    (["edit", "{grenade}", "--field", "place", "--value", "Karachii", "--reason", "r"], 2,
     r"^vigil incidents edit: bad value for place: 'Karachii' is not in the gazetteer .*closest known: Karachi"),
    (["edit", "{grenade}", "--field", "date", "--value", "2015-13", "--reason", "r"], 2,
     r"^vigil incidents edit: bad value for date: '2015-13' is not a real date"),
    (["edit", "{grenade}", "--field", "fatalities", "--value", "3"], 2,
     r"^vigil incidents edit: missing option '--reason'"),
    (["reject", "{grenade}", "--reason", " "], 2, r"^vigil incidents reject: invalid value for '--reason'"),
    (["queue", "--status", "pending"], 2, r"^vigil incidents queue: invalid value for '--status'"),
])
def test_bad_ids_fields_and_values_are_one_line_and_a_non_zero_exit(db, args, code, line):
    import re

    grenade = ids(db)["kh-courier"]["id"]
    argv = [a.format(grenade=grenade) for a in args]
    result = subprocess.run([sys.executable, "-m", "vigil.cli", "incidents", *argv, "--db", db],
                            capture_output=True, text=True, timeout=120)
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert result.returncode == code, result.stderr
    assert len(lines) == 1 and re.search(line, lines[0]), result.stderr
    assert "Traceback" not in result.stderr


def test_an_imported_incident_keeps_its_id_when_reviewed(db, tmp_path):
    exported = tmp_path / "incidents.jsonl"
    assert run("export", "--db", db, "--to", "jsonl", "-o", str(exported)).returncode == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert run("ingest", str(exported), "--db", other).returncode == 0
    grenade = ids(other)["kh-courier"]["id"]
    assert grenade == ids(db)["kh-courier"]["id"]
    edited = run("incidents", "edit", grenade, "--field", "fatalities", "--value", "4", "--reason", "morgue",
                 "--db", other, "-f", "json")
    assert edited.returncode == 0, edited.stderr
    assert json.loads(edited.stdout)[0]["id"] == grenade
    assert ids(other, "--status", "edited")["kh-courier"]["fatalities"]["best"] == 4
