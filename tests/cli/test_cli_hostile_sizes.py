"""Inputs that once hung or exhausted memory: each answers with its own line (or is read in bounded
lines), and the good reports of the same batch are stored. One ingest of one folder holding them
all, so spaCy loads once; the timeout is only a hang guard, never a measurement."""
from __future__ import annotations

import csv
import json
import os
import socket
import sqlite3
import subprocess
import sys

import pytest

HANG_GUARD = 900  # seconds; a working run takes a small fraction of it

GOOD = ("Gunmen on a motorcycle shot dead a shopkeeper outside his store in Lyari on Tuesday "
        "evening, police said. The attackers escaped.\n")
GOOD_CSV = ("A grenade thrown at a police van in Malir wounded three constables on Friday morning, "
            "officials said.\n")
GOOD_JSON = ("Two brothers were abducted from their farm near Thatta on Wednesday night, their family "
             "told reporters.\n")
KILLED = "Unknown attackers killed two watchmen near the old bus depot in Korangi on Sunday. "
FILLER = "The committee met again to discuss water supply and the repair of roads in the district. "


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=HANG_GUARD)


def _write_corpus_files(folder) -> None:
    big_value = FILLER * 12_000  # about 1.1 million characters, over the field limit
    with open(folder / "corpus.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerow(["csv-good-1", GOOD_CSV.strip()])
        writer.writerow(["csv-huge", big_value])
        writer.writerow(["csv-good-2", KILLED + "It was dark."])
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "json-good-1", "text": GOOD_JSON}) + "\n")
        f.write(json.dumps({"id": "json-huge", "text": "short", "title": big_value}) + "\n")
        f.write(json.dumps({"id": "json-good-2", "text": KILLED + "No one was arrested."}) + "\n")


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "a_good.txt").write_text(GOOD)
    (folder / "one_line.txt").write_text(FILLER * 700 + KILLED)  # 64 KB, no newline at all
    (folder / "cr_only.txt").write_bytes((FILLER + "\r").encode() * 700 + KILLED.encode())
    (folder / "repeated.txt").write_text(KILLED * 800)  # one sentence, 800 times, one paragraph
    _write_corpus_files(folder)
    os.mkfifo(folder / "pipe")
    (folder / "device").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket"))
    db_path = tmp_path_factory.mktemp("db") / "hostile.db"
    db = f"sqlite:///{db_path}"
    try:
        result = run("ingest", str(folder), "--db", db)
    finally:
        sock.close()
    with sqlite3.connect(db_path) as conn:
        stored = dict(conn.execute("SELECT id, text FROM documents"))
    return result, stored


def _line_about(result, name: str) -> str:
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_batch_goes_through_without_traceback(hostile_batch):
    result, stored = hostile_batch
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for good in ("a_good.txt", "csv-good-1", "csv-good-2", "json-good-1", "json-good-2"):
        assert good in stored


@pytest.mark.parametrize("name, kind", [("pipe", "a named pipe"), ("device", "a character device"),
                                        ("socket", "a socket")])
def test_special_files_are_refused_by_name(hostile_batch, name, kind):
    result, _ = hostile_batch
    assert _line_about(result, os.sep + name + ":").endswith(f"{name}: not a regular file ({kind})")


def test_a_csv_cell_over_the_limit_names_its_record(hostile_batch):
    result, stored = hostile_batch
    line = _line_about(result, "corpus.csv:3")
    assert "over the limit of 1,000,000 characters; record skipped" in line
    assert "csv-huge" not in stored


def test_a_json_value_over_the_limit_names_its_record_and_field(hostile_batch):
    result, stored = hostile_batch
    line = _line_about(result, "corpus.jsonl:2")
    assert "field 'title' is" in line and "over the limit of 1,000,000; record skipped" in line
    assert "json-huge" not in stored


def test_a_text_on_one_line_is_stored_in_bounded_lines(hostile_batch):
    _, stored = hostile_batch
    text = stored["one_line.txt"]
    assert text.endswith(KILLED.strip())
    assert max(len(line) for line in text.split("\n")) <= 20_000
    assert text.count("\n") >= 2  # cut where sentences end, nothing lost
    assert text.replace("\n", " ").split() == (FILLER * 700 + KILLED).split()


def test_cr_only_line_endings_are_lines(hostile_batch):
    _, stored = hostile_batch
    text = stored["cr_only.txt"]
    assert "\r" not in text
    assert len(text.split("\n")) >= 700


def test_one_sentence_repeated_is_read_and_extracted(hostile_batch):
    result, stored = hostile_batch
    assert stored["repeated.txt"].count("watchmen") == 800
    assert "incidents" in result.stderr.splitlines()[-1]


def test_special_files_given_directly_are_refused_and_stdin_still_reads(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = run("extract", str(tmp_path / "pipe"), "/dev/null", str(good), "-", "--format", "jsonl",
                 stdin=KILLED)
    assert result.returncode == 0, result.stderr
    assert f"vigil extract: {tmp_path / 'pipe'}: not a regular file (a named pipe)" in result.stderr.splitlines()
    assert "vigil extract: /dev/null: not a regular file (a character device)" in result.stderr.splitlines()
    documents = {e["document"] for line in result.stdout.splitlines() for e in json.loads(line)["evidence"]}
    assert documents == {"good.txt", "stdin"}
