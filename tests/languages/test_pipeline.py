"""Reports in other languages go through the same store as English ones: their language is
stored (identified when not given), filters find them, a report in a language Vigil cannot read
yet is kept and said once, and an Urdu and a French report of one incident merge."""
import json

from typer.testing import CliRunner

import vigil
from vigil.cli import app
from vigil.extract import extract_documents
from vigil.model import Document
from tests.languages.reports import PUBLISHED, REPORTS

URDU = next(text for lang, kind, text, _ in REPORTS if (lang, kind) == ("ur", "shooting"))
FRENCH = next(text for lang, kind, text, _ in REPORTS if (lang, kind) == ("fr", "shooting"))
GERMAN = ("Bei einem Anschlag auf einen Markt in der Stadt sind am Dienstag mindestens zwölf Menschen "
          "getötet worden, wie die Polizei mitteilte. Die Täter flohen nach dem Angriff.")
ENGLISH = "Gunmen on a motorcycle shot dead a shopkeeper in Orangi Town on Tuesday, police said."


def _corpus(tmp_path, records):
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_languages_are_stored_identified_and_filtered(tmp_path):
    corpus = _corpus(tmp_path, [
        {"id": "ur-1", "text": URDU, "published": PUBLISHED},                  # no language: identified
        {"id": "fr-1", "text": FRENCH, "published": PUBLISHED, "language": "fr-FR"},
        {"id": "de-1", "text": GERMAN, "published": PUBLISHED},
    ])
    db = f"sqlite:///{tmp_path / 'v.db'}"
    notices = []
    summary = vigil.ingest([corpus], db=db, on_notice=notices.append)
    assert summary.failures == [] and summary.added == 3
    assert len(notices) == 1  # said once, naming the report
    assert notices[0].endswith("written in 'de', a language Vigil cannot read yet: stored without incidents")
    assert notices[0].startswith(f"{corpus}:3")
    with vigil.open(db) as store:
        assert {d: store.document(d).language for d in ("ur-1", "fr-1", "de-1")} == {"ur-1": "ur", "fr-1": "fr", "de-1": "de"}
        merged = store.merged_incidents()
        # one incident told in Urdu and in French: same day, place, type and toll
        assert len(merged) == 1
        assert {s["language"] for s in merged[0]["sources"]} == {"ur", "fr"}
        assert [m["id"] for m in store.merged_incidents(language="ur")] == [merged[0]["id"]]
        assert store.merged_incidents(language="de") == []
        assert [i.evidence[0].document for i in store.incidents(language="fr")] == ["fr-1"]


def test_cli_language_filter_and_notice(tmp_path):
    for name, text in (("ur.txt", URDU), ("de.txt", GERMAN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'v.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path / "ur.txt"), str(tmp_path / "de.txt"), "--db", db,
                                 "--published", PUBLISHED])
    assert result.exit_code == 0
    assert result.stderr.count("a language Vigil cannot read yet") == 1 and "de.txt" in result.stderr
    listed = runner.invoke(app, ["incidents", "--db", db, "--language", "ur", "--format", "json"])
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 1
    none = runner.invoke(app, ["incidents", "--db", db, "--language", "fr", "--format", "json"])
    assert none.exit_code == 0 and json.loads(none.stdout) == []


def test_a_mixed_batch_keeps_its_order_and_each_reader():
    documents = [Document(id="en", text=ENGLISH, published=PUBLISHED, language="en"),
                 Document(id="ur", text=URDU, published=PUBLISHED),
                 Document(id="de", text=GERMAN, published=PUBLISHED)]
    extractions = list(extract_documents(documents))
    assert [e.document.id for e in extractions] == ["en", "ur", "de"]
    assert extractions[0].incidents and extractions[1].incidents and not extractions[2].incidents
    assert extractions[2].notices and not extractions[1].notices
    assert extractions[0].incidents[0].sources[0].language == "en"
