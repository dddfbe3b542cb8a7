"""Folder ingest with per-file metadata: a NAME.meta.json sidecar and a manifest.csv."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_sidecar_and_manifest_give_each_file_its_metadata(tmp_path):
    folder = tmp_path / "reports"
    (folder / "later").mkdir(parents=True)
    (folder / "shop.txt").write_text("Gunmen shot dead a shopkeeper outside his shop, police said.\n")
    (folder / "shop.txt.meta.json").write_text(json.dumps(
        {"published": "2021-03-05", "outlet": "Harbour Wire", "url": "https://wire.example/shop"}))
    (folder / "bus.txt").write_text("A bomb went off near a bus stop, killing two commuters.\n")
    (folder / "later" / "teacher.txt").write_text("Armed men abducted a teacher from his home in the town.\n")
    (folder / "later" / "teacher.meta.json").write_text("{not json")
    (folder / "manifest.csv").write_text(
        "file,id,published,outlet,url,language\n"
        "bus.txt,bus-report,2020-02-03,Evening Ledger,https://ledger.example/bus,en\n")
    db = f"sqlite:///{tmp_path}/v.db"
    result = run("ingest", str(folder), "--db", db)
    assert result.returncode == 0, result.stderr
    bad = [line for line in result.stderr.splitlines() if "teacher.meta.json" in line]
    assert len(bad) == 1 and "bad metadata sidecar" in bad[0] and "teacher.txt is read without it" in bad[0]
    listed = run("incidents", "--db", db, "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    found = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    sources = {s["document"]: s for i in found for s in i["sources"]}
    assert set(sources) == {"shop.txt", "bus-report", "teacher.txt"}  # no sidecar or manifest read as a report
    assert (sources["shop.txt"]["outlet"], sources["shop.txt"]["published"]) == ("Harbour Wire", "2021-03-05")
    assert (sources["bus-report"]["outlet"], sources["bus-report"]["url"]) == ("Evening Ledger", "https://ledger.example/bus")
    shop = next(i for i in found if i["sources"][0]["document"] == "shop.txt")
    assert shop["date"]["approximate"] is True and shop["date"]["end"] == "2021-03-05"
