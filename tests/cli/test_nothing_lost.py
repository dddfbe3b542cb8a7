"""Careless input that must never be lost or changed in silence, one row per case, through the
real `vigil` process: what is stored afterwards (text exactly as written), the line naming what
was not, and the exit status.

Each case writes its files in tmp_path, runs one command, and checks the stored reports' texts
by id; ``refused`` lists regular expressions each of which must match one stderr line.
"""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Reports in the project's own words.
CAFE = "Gunmen shot dead the owner of the Café Nizam in Lyari on Monday night — police said."
WARDEN = "A traffic warden was stabbed to death in Orangi Town on Tuesday, police said."
RANGERS = "Two Rangers soldiers were wounded by a roadside bomb in Korangi on Friday — officials said."
URDU = "اورنگی ٹاؤن میں رات گئے ایک چوکیدار کو گولی مار دی گئی۔"


@dataclass
class Case:
    name: str
    files: dict[str, bytes]
    args: list[str]  # {tmp} is the case's folder, {db} its database
    stored: dict[str, str]  # report id -> its text exactly as stored
    refused: list[str] = field(default_factory=list)
    code: int = 0
    absent: list[str] = field(default_factory=list)  # report ids that must not be stored


def jsonl(*records: dict) -> bytes:
    return b"".join((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8") for r in records)


def with_stray_byte(record_id: str, text: str) -> bytes:
    """A JSONL line whose text holds one byte that is not UTF-8 (0xff)."""
    return (json.dumps({"id": record_id, "text": "XX"}, ensure_ascii=False) + "\n").encode("utf-8").replace(
        b"XX", text.encode("utf-8") + b" \xff")


CASES = [
    Case("jsonl-one-stray-byte-keeps-the-others-utf8",
         {"corpus.jsonl": jsonl({"id": "cafe", "text": CAFE}) + with_stray_byte("warden", WARDEN)
          + jsonl({"id": "rangers", "text": RANGERS})},
         ["ingest", "--db", "{db}", "{tmp}/corpus.jsonl"],
         stored={"cafe": CAFE, "rangers": RANGERS}, refused=[r"corpus\.jsonl:2: not text: invalid UTF-8"],
         absent=["warden"]),
    Case("jsonl-urdu-with-a-stray-byte-is-read-record-by-record",
         {"urdu.jsonl": jsonl({"id": "ur1", "text": URDU}) + with_stray_byte("ur2", URDU)
          + jsonl({"id": "en1", "text": WARDEN})},
         ["ingest", "--db", "{db}", "{tmp}/urdu.jsonl"],
         stored={"ur1": URDU, "en1": WARDEN}, refused=[r"urdu\.jsonl:2: not text: invalid UTF-8"]),
    Case("text-file-with-a-bad-byte-says-nothing-was-read",
         {"bad.txt": (CAFE + "\n\n" + "x" * 70_000 + "\n\n").encode("utf-8") + b"\xff\xfe bad\n",
          "good.txt": WARDEN.encode("utf-8")},
         ["ingest", "--db", "{db}", "{tmp}/bad.txt", "{tmp}/good.txt"],
         stored={"good.txt": WARDEN}, refused=[r"bad\.txt: not text: .*nothing of the file was read"],
         absent=["bad.txt"]),
    Case("jsonl-deeply-nested-line-costs-one-record",
         {"nested.jsonl": jsonl({"id": "cafe", "text": CAFE})
          + (b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n")
          + jsonl({"id": "warden", "text": WARDEN})},
         ["ingest", "--db", "{db}", "{tmp}/nested.jsonl"],
         stored={"cafe": CAFE, "warden": WARDEN}, refused=[r"nested\.jsonl:2: invalid JSON: nested too deeply"]),
    Case("csv-quote-left-open-costs-one-row",
         {"rows.csv": ("id,text,outlet\n"
                       f'a,"{CAFE}",Daily One\n'
                       f'b,"{WARDEN},Daily Two\n'
                       f'c,"{RANGERS}",Daily Three\n').encode("utf-8")},
         ["ingest", "--db", "{db}", "{tmp}/rows.csv"],
         stored={"a": CAFE, "c": RANGERS}, refused=[r"rows\.csv:3: invalid CSV .*quote left open"], absent=["b"]),
    Case("csv-row-with-more-fields-than-the-header",
         {"rows.csv": f'id,text\na,"{CAFE}"\nb,two men killed, in Malir\n'.encode("utf-8")},
         ["ingest", "--db", "{db}", "{tmp}/rows.csv"],
         stored={"a": CAFE}, refused=[r"rows\.csv:3: 3 fields where the header has 2"], absent=["b"]),
    Case("csv-duplicate-column-names-refused",
         {"twice.csv": f'id,text,text\na,"{CAFE}","{WARDEN}"\n'.encode("utf-8"),
          "good.txt": RANGERS.encode("utf-8")},
         ["ingest", "--db", "{db}", "{tmp}/twice.csv", "{tmp}/good.txt"],
         stored={"good.txt": RANGERS}, refused=[r"twice\.csv: the header names column 'text' more than once"],
         absent=["a"]),
    Case("csv-row-with-bytes-that-are-not-utf8",
         {"rows.csv": (f'id,text\na,"{CAFE}"\n'.encode("utf-8") + b'b,"A guard was shot \xff dead."\n'
                       + f'c,"{RANGERS}"\n'.encode("utf-8"))},
         ["ingest", "--db", "{db}", "{tmp}/rows.csv"],
         stored={"a": CAFE, "c": RANGERS}, refused=[r"rows\.csv:3: field 'text' holds bytes that are not UTF-8"]),
    Case("same-id-twice-in-one-batch-keeps-the-first",
         {"twice.jsonl": jsonl({"id": "r1", "text": CAFE}, {"id": "r1", "text": WARDEN})},
         ["ingest", "--db", "{db}", "{tmp}/twice.jsonl"],
         stored={"r1": CAFE}, refused=[r"twice\.jsonl:2: id 'r1' was already read in this batch from .*twice\.jsonl:1"]),
    Case("ids-that-are-not-strings-refused",
         {"ids.jsonl": jsonl({"id": True, "text": CAFE}, {"id": 7, "text": WARDEN},
                             {"id": ["x"], "text": RANGERS})},
         ["ingest", "--db", "{db}", "{tmp}/ids.jsonl"],
         stored={"7": WARDEN}, absent=["True", "['x']"],
         refused=[r"ids\.jsonl:1: 'id' must be a string or a whole number, not bool",
                  r"ids\.jsonl:3: 'id' must be a string or a whole number, not list"]),
    Case("in-memory-database-refused-for-ingest",
         {"good.txt": WARDEN.encode("utf-8")}, ["ingest", "--db", "sqlite://", "{tmp}/good.txt"],
         stored={}, refused=[r"--db.*in-memory database"], code=2),
]


def run(args: list[str], timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, errors="replace")


def stored_texts(db: Path) -> dict[str, str]:
    if not db.exists():
        return {}
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT id, text FROM documents"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_nothing_lost_in_silence(case: Case, tmp_path: Path):
    for name, content in case.files.items():
        (tmp_path / name).write_bytes(content)
    db = tmp_path / "vigil.db"
    args = [a.replace("{tmp}", str(tmp_path)).replace("{db}", str(db)) for a in case.args]

    result = run(args)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == case.code, (result.returncode, result.stderr)
    texts = stored_texts(db)
    for report_id, text in case.stored.items():
        assert texts.get(report_id) == text, (report_id, texts.get(report_id), result.stderr)
    for report_id in case.absent:
        assert report_id not in texts, (report_id, result.stderr)
    lines = result.stderr.splitlines()
    for pattern in case.refused:
        assert any(re.search(pattern, line) for line in lines), (pattern, result.stderr)


def test_no_stored_text_is_garbled_by_a_stray_byte(tmp_path: Path):
    """The classic symptom of a whole file decoded as Windows-1252: "CafÃ©" and "â€”"."""
    (tmp_path / "corpus.jsonl").write_bytes(jsonl({"id": "cafe", "text": CAFE}) + with_stray_byte("w", WARDEN))
    db = tmp_path / "vigil.db"
    run(["ingest", "--db", str(db), str(tmp_path / "corpus.jsonl")])
    assert not any("Ã" in text or "â€" in text for text in stored_texts(db).values())


def test_mixed_file_of_incidents_and_reports_keeps_both(tmp_path: Path):
    """A corpus whose first line is an exported incident: the incident is imported and the
    reports after it are read, each line for what it is."""
    source = tmp_path / "source.db"
    (tmp_path / "warden.txt").write_text(WARDEN, encoding="utf-8")
    assert run(["ingest", "--db", str(source), str(tmp_path / "warden.txt")]).returncode == 0
    exported = tmp_path / "exported.jsonl"
    assert run(["export", "--db", str(source), "--to", "jsonl", "-o", str(exported)]).returncode == 0
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(exported.read_bytes() + jsonl({"id": "rangers", "text": RANGERS}))

    db = tmp_path / "vigil.db"
    result = run(["ingest", "--db", str(db), str(mixed)])

    assert result.returncode == 0, result.stderr
    assert "failed" not in result.stderr.replace("0 failed", ""), result.stderr
    assert stored_texts(db).get("rangers") == RANGERS
    with sqlite3.connect(db) as connection:
        imported = connection.execute("SELECT count(*) FROM incidents WHERE document_id = 'warden.txt'").fetchone()[0]
    assert imported >= 1


def test_merged_record_without_status_is_imported_and_leaves_nothing_half_made(tmp_path: Path):
    source = tmp_path / "source.db"
    (tmp_path / "warden.txt").write_text(WARDEN, encoding="utf-8")
    assert run(["ingest", "--db", str(source), str(tmp_path / "warden.txt")]).returncode == 0
    exported = tmp_path / "exported.jsonl"
    assert run(["export", "--db", str(source), "--to", "jsonl", "-o", str(exported)]).returncode == 0
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    merged = [r for r in records if "mentions" in r]
    assert merged, "the export writes merged incidents"
    for record in merged:
        del record["status"]
    (tmp_path / "no_status.jsonl").write_bytes(jsonl(*merged))

    db = tmp_path / "vigil.db"
    result = run(["ingest", "--db", str(db), str(tmp_path / "no_status.jsonl")])

    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    with sqlite3.connect(db) as connection:
        statuses = {row[0] for row in connection.execute("SELECT status FROM incidents")}
        uncited = connection.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM incident_evidence)").fetchone()[0]
    assert statuses == {"extracted"}
    assert uncited == 0


def test_terminal_table_shows_control_characters_as_escapes(tmp_path: Path):
    (tmp_path / "c.jsonl").write_bytes(jsonl({"id": "w", "text": WARDEN, "outlet": "Wire\x1b[2J",
                                              "title": "Title\x1b]0;renamed\x07"}))
    db = tmp_path / "vigil.db"
    assert run(["ingest", "--db", str(db), str(tmp_path / "c.jsonl")]).returncode == 0
    result = run(["documents", "--db", str(db)])
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b" in result.stdout


def test_csv_export_quotes_a_bare_carriage_return(tmp_path: Path):
    """An outlet holding a bare CR must not split an ACLED row in two (the second half would
    start with whatever follows the CR, a formula included)."""
    import csv

    (tmp_path / "c.jsonl").write_bytes(jsonl({"id": "w", "text": WARDEN, "outlet": "Wire\r=1+2",
                                              "published": "2019-04-02"}))
    db = tmp_path / "vigil.db"
    assert run(["ingest", "--db", str(db), str(tmp_path / "c.jsonl")]).returncode == 0
    out = tmp_path / "acled.csv"
    assert run(["export", "--db", str(db), "--to", "acled-csv", "-o", str(out)]).returncode == 0
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["source"] == "Wire\r=1+2"


def test_a_read_only_database_can_still_be_read(tmp_path: Path):
    """A database file its reader may not write (a colleague's, an archive) is opened read-only
    by the commands that only read, instead of failing with "attempt to write a readonly
    database".  Run as an unprivileged user, since root may write any file."""
    import os
    import shutil
    import site

    system_python = Path("/usr/bin/python3.11")
    if os.geteuid() != 0 or not shutil.which("setpriv") or not system_python.exists():
        pytest.skip("needs root to switch to an unprivileged user (setpriv) and /usr/bin/python3.11")
    import tempfile

    # Under a folder the unprivileged user may enter (pytest's own is root's alone).
    outer = Path(tempfile.mkdtemp(prefix="vigil-read-only-"))
    outer.chmod(0o755)
    folder = outer / "archive"
    folder.mkdir()
    (folder / "warden.txt").write_text(WARDEN, encoding="utf-8")
    db = folder / "vigil.db"
    assert run(["ingest", "--db", str(db), str(folder / "warden.txt")]).returncode == 0
    (folder / "warden.txt").unlink()
    db.chmod(0o444)
    folder.chmod(0o555)
    paths = [*site.getsitepackages(), str(ROOT / "src")]
    code = ("import sys; sys.path[:0] = %r; sys.argv = ['vigil', 'incidents', '--db', %r, '--format', 'csv'];"
            "from vigil.cli import main; main()" % (paths, str(db)))
    result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(system_python),
                             "-c", code], capture_output=True, text=True, timeout=240, cwd="/")
    folder.chmod(0o755)
    shutil.rmtree(outer)
    if "No module named" in result.stderr or "Permission denied" in result.stderr and "python" in result.stderr:
        pytest.skip(f"the unprivileged user cannot run this Python: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert "Orangi Town" in result.stdout
