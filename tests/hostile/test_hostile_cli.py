"""Internal errors the hostile-input runs found at the command line, each through the real CLI
(``python -m vigil.cli`` in a subprocess): a file of incidents with bad records, a WebVTT file
with broken timestamps, a 20-digit --limit."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Two men on a motorcycle shot dead a traffic warden at the Sohrab Goth crossing on Sunday."


def vigil_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def incident(number: int, **changes) -> dict:
    """One incident record as ``vigil export --to jsonl`` writes it, citing its own report."""
    record = {"id": f"warden-{number}", "event_type": "Violence against civilians", "sub_event_type": "Attack",
              "weapons": ["firearms"], "date": {"start": "2014-03-02", "end": "2014-03-02", "precision": "day"},
              "evidence": [{"document": f"wire-{number}", "sentence": SENTENCE, "start": 40, "end": 40 + len(SENTENCE)}],
              "fatalities": {"low": 1, "best": 1, "high": 1},
              "sources": [{"document": f"wire-{number}", "outlet": "Test Wire", "published": "2014-03-03"}],
              "status": "extracted"}
    for key, value in changes.items():
        if key.startswith("evidence_"):
            record["evidence"][0][key.removeprefix("evidence_")] = value
        else:
            record[key] = value
    return record


BAD_RECORDS = [  # (the record, the field its failure line must name)
    (incident(2, evidence_start=10 ** 18, evidence_end=10 ** 18 + len(SENTENCE)), "evidence[0].start"),
    (incident(3, evidence_start=1e9, evidence_end=1e9 + len(SENTENCE)), "evidence[0].start"),
    (incident(4, evidence_start=True), "evidence[0].start"),
    (incident(5, evidence_end=7), "evidence[0].end"),
    (incident(6, fatalities={"low": "one", "best": 1, "high": 1}), "fatalities.low"),
    (incident(7, fatalities={"best": 10 ** 30}), "fatalities.best"),
    (incident(8, injured={"best": -4}), "injured.best"),
    (incident(9, date={"start": 20140302}), "date.start"),
    (incident(10, location={"name": "Sohrab Goth", "lat": "north"}), "location.lat"),
    (incident(11, location={"lat": 240.0, "lon": 67.1}), "location.lat"),
    (incident(12, weapons="firearms"), "weapons"),
    (incident(13, targets=[{"name": 5}]), "targets[0].name"),
    (incident(14, sources={"document": "wire-14"}), "sources"),
    (incident(15, event_type=["Battles"]), "event_type"),
    (incident(16, confidence="high"), "confidence"),
    (incident(17, evidence=[]), "evidence"),
    (incident(18, evidence_timestamp="0:00:01" * 5), "evidence[0].timestamp"),
]


def test_a_file_of_incidents_with_bad_records_imports_the_good_ones(tmp_path):
    good = [incident(1), incident(19)]
    lines = [good[0]] + [record for record, _ in BAD_RECORDS] + [good[1]]
    path = tmp_path / "incidents.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    db = f"sqlite:///{tmp_path}/vigil.db"

    result = vigil_cli("ingest", str(path), "--db", db, cwd=tmp_path)

    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 0, result.stderr
    prefix = f"vigil ingest: {path}:"  # every error line names the command first (main's CLI rule)
    failures = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert len(failures) == len(BAD_RECORDS), result.stderr
    for line_number, ((_, field), failure) in enumerate(zip(BAD_RECORDS, failures), start=2):
        assert failure.startswith(f"{prefix}{line_number}: "), failure
        assert f": {field}" in failure or f" {field}:" in failure, (field, failure)
    stored = vigil_cli("incidents", "--mentions", "--db", db, "--format", "jsonl", cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert sorted(json.loads(line)["id"] for line in stored.stdout.splitlines()) == ["warden-1", "warden-19"]


def test_broken_webvtt_timestamps_keep_the_text_and_no_traceback(tmp_path):
    (tmp_path / "bulletin.vtt").write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\nPolice said gunmen shot dead a shopkeeper in Lyari on Monday.\n\n"
        "00:00:0x.000 --> \nHis brother was wounded in the attack.\n\n"
        "--> 00:00:12.500\nNobody has been arrested.\n"
        "00:00:13.000 -->\n<v Reporter>The market stayed shut.\n\n"
        "123:99:99.999 --> 00:00:02.000\nTraders went home early.\n",
        encoding="utf-8")
    db = f"sqlite:///{tmp_path}/vigil.db"

    result = vigil_cli("ingest", "bulletin.vtt", "--db", db, cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 0, result.stderr
    shown = vigil_cli("documents", "show", "bulletin.vtt", "--db", db, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    for kept in ("shot dead a shopkeeper", "His brother was wounded", "Nobody has been arrested",
                 "The market stayed shut", "Traders went home early"):
        assert kept in shown.stdout
    assert "-->" not in shown.stdout and "0x.000" not in shown.stdout


def test_a_webvtt_file_with_only_broken_timings_still_reads(tmp_path):
    (tmp_path / "clip.vtt").write_text(
        "WEBVTT\n\n00:00:aa --> 00:00:bb\nA grenade hit a police van in Malir, injuring three constables.\n",
        encoding="utf-8")
    result = vigil_cli("extract", "clip.vtt", "--format", "jsonl", cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "Malir" in result.stdout


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("limit")
    (folder / "incidents.jsonl").write_text(json.dumps(incident(1)) + "\n", encoding="utf-8")
    db = f"sqlite:///{folder}/vigil.db"
    assert vigil_cli("ingest", "incidents.jsonl", "--db", db, cwd=folder).returncode == 0
    return db, folder


@pytest.mark.parametrize("command", [["incidents"], ["incidents", "--mentions"], ["documents"]])
@pytest.mark.parametrize("flag", ["--limit", "--offset"])
def test_a_twenty_digit_limit_is_a_working_query(small_db, command, flag):
    db, folder = small_db
    result = vigil_cli(*command, flag, "99999999999999999999", "--db", db, "--format", "jsonl", cwd=folder)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == (1 if flag == "--limit" else 0)
