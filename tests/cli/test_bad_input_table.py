"""Bad input, one row per case: the command line, the files it reads (written in tmp_path), the
exit status, the one clear stderr line naming the input, no traceback, no hang, and for batches
the good items stored.

To add a case, add one `Case(...)` row to CASES. In ``args`` and ``files``, ``{tmp}`` is the
case's folder and ``{db}`` its database: a copy of a small stored database (``db="stored"``) or
a path where none exists (``db="missing"``, the default). Summary lines of a batch ("2 reports
read, ...", "1 input failed, 0 read") are not counted as the error line.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 240
SUMMARY = re.compile(r"^\d+ (reports? read|inputs? failed), ")

# Two short reports in the project's own words: the stored database every "stored" case copies.
GOOD_REPORT = ("KARACHI: Gunmen on a motorcycle shot dead a traffic police constable in Orangi Town on "
               "Tuesday morning, police said. The constable was on duty near a market when he was attacked.\n")
SECOND_REPORT = ("KARACHI: A hand grenade thrown at a police van in Lyari injured four officers on Friday "
                 "evening, a police spokesman said.\n")
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))


@dataclass
class Case:
    name: str
    args: list[str]
    code: int
    stderr: str  # a regular expression the one remaining stderr line must match
    files: dict[str, object] = field(default_factory=dict)  # name -> str or bytes, under {tmp}
    db: str = "missing"  # "missing" | "stored"
    stored: Optional[set[str]] = None  # report ids that must be in {db} afterwards
    no_db_created: bool = False  # a command that only reads must leave no file behind
    stdin: Optional[str] = None


def incidents(*extra: str) -> list[str]:
    return ["incidents", "--db", "{db}", *extra]


def incident_records(*changes: dict) -> str:
    """A file of incident records as `vigil export --to jsonl` writes them: one good record, then
    one per ``changes`` (fields of the record, or of its evidence under ``evidence_*``)."""
    import json

    sentence = "A traffic warden was shot dead at a crossing in Sohrab Goth on Sunday."
    lines = []
    for number, change in enumerate([{}, *changes], start=1):
        record = {"id": f"warden-{number}", "event_type": "Violence against civilians", "sub_event_type": "Attack",
                  "date": {"start": "2014-03-02", "end": "2014-03-02", "precision": "day"},
                  "evidence": [{"document": f"wire-{number}", "sentence": sentence, "start": 0,
                                "end": len(sentence)}],
                  "fatalities": {"low": 1, "best": 1, "high": 1},
                  "sources": [{"document": f"wire-{number}", "outlet": "Test Wire"}], "status": "extracted"}
        for key, value in change.items():
            if key.startswith("evidence_"):
                record["evidence"][0][key.removeprefix("evidence_")] = value
            else:
                record[key] = value
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


CASES = [
    # ---- files that cannot be read (extract and ingest)
    Case("extract-missing-file", ["extract", "{tmp}/missing.txt"], 1, r"missing\.txt: no such file"),
    Case("extract-empty-file", ["extract", "{tmp}/empty.txt"], 1, r"empty\.txt: empty file",
         files={"empty.txt": ""}),
    Case("extract-binary-file", ["extract", "{tmp}/photo.txt"], 1, r"photo\.txt: not text: binary",
         files={"photo.txt": PNG_BYTES}),
    Case("extract-csv-without-text-column", ["extract", "{tmp}/corpus.csv"], 1,
         r"corpus\.csv: missing column text", files={"corpus.csv": "id,body\n1,a report\n"}),
    Case("ingest-missing-file", ["ingest", "--db", "{db}", "{tmp}/gone.txt"], 1, r"gone\.txt: no such file"),
    Case("ingest-empty-file", ["ingest", "--db", "{db}", "{tmp}/empty.txt"], 1, r"empty\.txt: empty file",
         files={"empty.txt": ""}),
    Case("ingest-binary-file", ["ingest", "--db", "{db}", "{tmp}/scan.pdf"], 1, r"scan\.pdf: not text",
         files={"scan.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 4}),
    Case("ingest-csv-without-text-column", ["ingest", "--db", "{db}", "{tmp}/c.csv"], 1,
         r"c\.csv: missing column text", files={"c.csv": "id,headline\nr1,Gunmen kill constable\n"}),
    # ---- batches: the bad item reported and skipped, the good ones stored
    Case("ingest-folder-with-one-binary-file", ["ingest", "--db", "{db}", "{tmp}/reports"], 0,
         r"image\.txt: not text: binary",
         files={"reports/constable.txt": GOOD_REPORT, "reports/image.txt": PNG_BYTES},
         stored={"constable.txt"}),
    Case("ingest-folder-with-one-empty-file", ["ingest", "--db", "{db}", "{tmp}/reports"], 0,
         r"blank\.txt: empty file",
         files={"reports/constable.txt": GOOD_REPORT, "reports/blank.txt": ""}, stored={"constable.txt"}),
    Case("ingest-jsonl-with-a-broken-line", ["ingest", "--db", "{db}", "{tmp}/corpus.jsonl"], 0,
         r"corpus\.jsonl:2: invalid JSON",
         files={"corpus.jsonl": '{"id": "r1", "text": "%s"}\n{"id": "r2", "text": \n{"id": "r3", "text": "%s"}\n'
                % (GOOD_REPORT.strip(), SECOND_REPORT.strip())},
         stored={"r1", "r3"}),
    # ---- flags that contradict the inputs
    Case("ingest-id-with-a-folder", ["ingest", "--db", "{db}", "--id", "x", "{tmp}/reports"], 2,
         r"--id needs exactly one input file", files={"reports/a.txt": GOOD_REPORT, "reports/b.txt": SECOND_REPORT},
         no_db_created=True),
    Case("ingest-bad-published", ["ingest", "--db", "{db}", "--published", "2024-13-01", "{tmp}/a.txt"], 2,
         r"--published.*2024-13-01", files={"a.txt": GOOD_REPORT}, no_db_created=True),
    Case("extract-unknown-format", ["extract", "--format", "xml", "{tmp}/a.txt"], 2, r"--format.*'xml'",
         files={"a.txt": GOOD_REPORT}),
    Case("extract-no-paths", ["extract"], 2, r"missing argument 'PATHS'"),
    # ---- dates
    Case("incidents-since-month-13", incidents("--since", "2024-13-01"), 2, r"--since.*'2024-13-01' is not a date",
         db="stored"),
    Case("incidents-until-february-30", incidents("--until", "2023-02-30"), 2,
         r"--until.*'2023-02-30' is not a date", db="stored"),
    Case("incidents-since-words", incidents("--since", "yesterday"), 2, r"--since.*'yesterday'", db="stored"),
    Case("incidents-since-month-00", incidents("--since", "2024-00"), 2, r"--since.*'2024-00'", db="stored"),
    Case("claims-since-month-13", ["claims", "--db", "{db}", "--since", "2024-13"], 2, r"--since.*'2024-13'",
         db="stored"),
    Case("conflicts-until-february-30", ["conflicts", "--db", "{db}", "--until", "2023-02-30"], 2,
         r"--until.*'2023-02-30'", db="stored"),
    Case("tally-since-february-30", ["tally", "--db", "{db}", "--since", "2023-02-30"], 2, r"--since.*'2023-02-30'",
         db="stored"),
    Case("export-since-month-13", ["export", "--db", "{db}", "--to", "jsonl", "-o", "-", "--since", "2024-13-01"], 2,
         r"--since.*'2024-13-01'", db="stored"),
    Case("report-until-february-30", ["report", "--db", "{db}", "-o", "{tmp}/r.html", "--until", "2023-02-30"], 2,
         r"--until.*'2023-02-30'", db="stored"),
    # ---- a database that does not exist: refused by every command that only reads
    Case("incidents-missing-db", incidents(), 2, r"no database at .*typo\.db", no_db_created=True),
    Case("claims-missing-db", ["claims", "--db", "{db}"], 2, r"no database at", no_db_created=True),
    Case("conflicts-missing-db", ["conflicts", "--db", "{db}"], 2, r"no database at", no_db_created=True),
    Case("tally-missing-db", ["tally", "--db", "{db}"], 2, r"no database at", no_db_created=True),
    Case("documents-missing-db", ["documents", "--db", "{db}"], 2, r"no database at", no_db_created=True),
    Case("documents-show-missing-db", ["documents", "show", "x", "--db", "{db}"], 2, r"no database at",
         no_db_created=True),
    Case("export-missing-db", ["export", "--db", "{db}", "--to", "acled-csv", "-o", "{tmp}/out.csv"], 2,
         r"no database at", no_db_created=True),
    Case("report-missing-db", ["report", "--db", "{db}", "-o", "{tmp}/r.html"], 2, r"no database at",
         no_db_created=True),
    Case("gazetteer-missing-missing-db", ["gazetteer", "missing", "--db", "{db}"], 2, r"no database at",
         no_db_created=True),
    Case("incidents-missing-db-as-url", ["incidents", "--db", "sqlite:///{tmp}/typo.db"], 2, r"no database at",
         no_db_created=True),
    # ---- database addresses
    Case("db-unsupported-backend", ["incidents", "--db", "mysql://localhost/vigil"], 2,
         r"cannot open database mysql://localhost/vigil: unsupported backend"),
    Case("db-scheme-without-slashes", ["incidents", "--db", "sqlite:x.db"], 2, r"sqlite:x\.db: not a database URL"),
    Case("db-in-a-missing-folder", ["ingest", "--db", "{tmp}/no/such/folder/v.db", "{tmp}/a.txt"], 1,
         r"directory does not exist", files={"a.txt": GOOD_REPORT}),
    Case("db-is-a-folder", ["incidents", "--db", "{tmp}"], 1, r"path is a directory"),
    # ---- values a command does not know
    Case("incidents-unknown-format", incidents("--format", "xml"), 2, r"--format.*'xml' is not one of", db="stored"),
    Case("export-unknown-format", ["export", "--db", "{db}", "--to", "xlsx", "-o", "{tmp}/x"], 2,
         r"--to.*'xlsx' is not one of", db="stored"),
    Case("export-parquet-to-stdout", ["export", "--db", "{db}", "--to", "parquet", "-o", "-"], 2,
         r"--output.*parquet is binary", db="stored"),
    Case("tally-bad-by", ["tally", "--db", "{db}", "--by", "weekday"], 2, r"--by.*'weekday' is not one of",
         db="stored"),
    Case("tally-bad-level", ["tally", "--db", "{db}", "--by", "place", "--level", "street"], 2,
         r"--level.*'street' is not one of", db="stored"),
    Case("incidents-bad-sort", incidents("--sort", "size"), 2, r"--sort.*'size' is not one of", db="stored"),
    Case("incidents-limit-zero", incidents("--limit", "0"), 2, r"--limit", db="stored"),
    Case("incidents-limit-negative", incidents("--limit", "-1"), 2, r"--limit", db="stored"),
    Case("incidents-limit-not-a-number", incidents("--limit", "ten"), 2, r"--limit.*integer", db="stored"),
    Case("documents-limit-zero", ["documents", "--db", "{db}", "--limit", "0"], 2, r"--limit", db="stored"),
    Case("incidents-negative-offset", incidents("--offset", "-1"), 2, r"--offset", db="stored"),
    Case("incidents-negative-min-fatalities", incidents("--min-fatalities", "-3"), 2, r"--min-fatalities",
         db="stored"),
    # ---- filters that would match nothing or everything
    Case("incidents-place-dash", incidents("--place", "-"), 2, r"--place.*'-' has no letters or digits",
         db="stored"),
    Case("tally-place-star", ["tally", "--db", "{db}", "--place", "*"], 2, r"--place.*'\*' has no letters",
         db="stored"),
    Case("claims-quantity-percent", ["claims", "--db", "{db}", "--quantity", "%"], 2,
         r"--quantity.*'%' has no letters", db="stored"),
    Case("export-place-quote", ["export", "--db", "{db}", "--to", "jsonl", "-o", "-", "--place", "'"], 2,
         r"--place.*has no letters", db="stored"),
    Case("incidents-unknown-place-warns", incidents("--place", "Karachii"), 0,
         r"warning: --place 'Karachii' is not a known place.*closest known: Karachi", db="stored"),
    Case("incidents-unknown-perpetrator-warns", incidents("--perpetrator", "Talibn"), 0,
         r"warning: --perpetrator 'Talibn' is not a known actor.*closest known: .*Taliban", db="stored"),
    # ---- ids and commands that do not exist
    Case("documents-show-unknown-id", ["documents", "show", "nope", "--db", "{db}"], 1,
         r"^vigil documents show: nope: no such report", db="stored"),
    Case("documents-remove-unknown-id", ["documents", "remove", "nope", "--db", "{db}"], 1,
         r"^vigil documents remove: .*'nope': no such report", db="stored"),
    Case("incidents-merge-unknown-ids", ["incidents", "merge", "nope1", "nope2", "--db", "{db}"], 1,
         r"^vigil incidents merge: no incident 'nope1'", db="stored"),
    Case("incidents-confirm-unknown-id", ["incidents", "confirm", "nope", "--db", "{db}"], 1,
         r"^vigil incidents confirm: no incident 'nope'", db="stored"),
    Case("incidents-edit-unknown-field", ["incidents", "edit", "nope", "--field", "weather", "--value", "x",
                                          "--reason", "r", "--db", "{db}"], 2,
         r"^vigil incidents edit: cannot edit field 'weather'", db="stored"),
    Case("incidents-edit-bad-toll", ["incidents", "edit", "nope", "--field", "fatalities", "--value", "9/3/5",
                                     "--reason", "r", "--db", "{db}"], 2,
         r"^vigil incidents edit: bad value for fatalities: low <= best <= high", db="stored"),
    Case("incidents-reject-missing-db", ["incidents", "reject", "x", "--reason", "r", "--db", "{db}"], 2,
         r"no database at", no_db_created=True),
    Case("incidents-bad-status", incidents("--status", "pending"), 2, r"--status.*'pending' is not one of",
         db="stored"),
    Case("unknown-command", ["incidnts"], 2, r"^vigil: no such command 'incidnts'.*Did you mean 'incidents'"),
    Case("unknown-sub-command", ["incidents", "frobnicate", "--db", "{db}"], 2,
         r"^vigil incidents: no such command 'frobnicate'", db="stored"),
    Case("unknown-flag", ["incidents", "--frobnicate"], 2, r"^vigil incidents: no such option: --frobnicate"),
    Case("unknown-top-level-flag", ["--frobnicate"], 2, r"^vigil: no such option: --frobnicate"),
    Case("gazetteer-lookup-no-name", ["gazetteer", "lookup"], 2, r"^vigil gazetteer lookup: missing argument"),
    Case("gazetteer-lookup-unknown-name", ["gazetteer", "lookup", "Qwxzzy"], 1, r"Qwxzzy: not in the gazetteer"),
    Case("evaluate-missing-gold", ["evaluate", "{tmp}/gold.jsonl"], 1, r"^vigil evaluate: .*gold\.jsonl"),
    Case("report-into-missing-folder", ["report", "--db", "{db}", "-o", "{tmp}/no/such/r.html"], 1,
         r"^vigil report: .*r\.html: cannot write", db="stored"),
    Case("export-into-missing-folder", ["export", "--db", "{db}", "--to", "gtd-csv", "-o", "{tmp}/no/such/g.csv"],
         1, r"^vigil export: .*g\.csv: cannot write", db="stored"),
    # ---- files of incident records: each bad record named by line and field, the good ones imported
    Case("ingest-incidents-offset-beyond-text", ["ingest", "--db", "{db}", "{tmp}/incidents.jsonl"], 0,
         r"incidents\.jsonl:2: .*evidence\[0\]\.start",
         files={"incidents.jsonl": incident_records({"evidence_start": 10 ** 18, "evidence_end": 10 ** 18 + 9})}),
    Case("ingest-incidents-offset-as-float", ["ingest", "--db", "{db}", "{tmp}/incidents.jsonl"], 0,
         r"incidents\.jsonl:2: .*evidence\[0\]\.start",
         files={"incidents.jsonl": incident_records({"evidence_start": 1e9})}),
    Case("ingest-incidents-count-of-wrong-type", ["ingest", "--db", "{db}", "{tmp}/incidents.jsonl"], 0,
         r"incidents\.jsonl:2: .*fatalities",
         files={"incidents.jsonl": incident_records({"fatalities": {"low": "one", "best": 1, "high": 1}})}),
]


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory) -> Path:
    """A small database made by `vigil ingest`, copied for each case that needs one."""
    folder = tmp_path_factory.mktemp("stored")
    (folder / "constable.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (folder / "grenade.txt").write_text(SECOND_REPORT, encoding="utf-8")
    db = folder / "stored.db"
    result = run(["ingest", "--db", str(db), str(folder / "constable.txt"), str(folder / "grenade.txt")])
    assert result.returncode == 0, result.stderr
    return db


def run(args: list[str], stdin: Optional[str] = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT, timeout=HANG_GUARD_S, errors="replace")


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM documents")}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, request):
    for name, content in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    db = tmp_path / "typo.db"
    if case.db == "stored":
        db = tmp_path / "stored.db"
        shutil.copy(request.getfixturevalue("stored_db"), db)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{db}", str(db)) for a in case.args]

    result = run(args, case.stdin)

    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    assert result.returncode == case.code, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not SUMMARY.match(line)]
    assert len(lines) == 1, result.stderr
    assert re.search(case.stderr, lines[0]), lines[0]
    assert lines[0].startswith("vigil"), lines[0]
    if case.no_db_created:
        assert not any(tmp_path.glob("typo.db*")), list(tmp_path.iterdir())
    if case.stored is not None:
        assert case.stored <= stored_ids(db), stored_ids(db)


def test_the_table_has_at_least_sixty_cases():
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)
