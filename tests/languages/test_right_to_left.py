"""Urdu text displays right to left where people read it, and passes through files untouched:
the HTML report sets the direction of each evidence sentence, name and cell from its own text
(dir="auto", <bdi>); the terminal table isolates Urdu cells with invisible bidi marks; CSV,
JSON and GeoJSON exports carry the sentence byte for byte, with no marks added.
The reports are written for these tests."""
from __future__ import annotations

import csv
import io
import json
import os

import pytest
from typer.testing import CliRunner

import vigil
from vigil.cli import app
from vigil.render import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, incident_columns, render
from tests.languages.reports import PUBLISHED, REPORTS

URDU = next(text for lang, kind, text, _ in REPORTS if (lang, kind) == ("ur", "shooting"))
ENGLISH = "Gunmen shot dead a shopkeeper in Orangi Town on Tuesday, police said."
BIDI_MARKS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def store_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl")
    corpus = folder / "reports.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"id": "ur-1", "text": URDU, "published": PUBLISHED, "language": "ur", "outlet": "روزنامہ مثال"},
        {"id": "en-1", "text": ENGLISH, "published": PUBLISHED, "language": "en", "outlet": "Example Times"},
    ]), encoding="utf-8")
    db = f"sqlite:///{folder / 'v.db'}"
    assert vigil.ingest([str(corpus)], db=db).failures == []
    return db


def _urdu_sentence(db) -> str:
    with vigil.open(db) as store:
        incident = next(i for i in store.incidents() if i.evidence[0].document == "ur-1")
        return incident.evidence[0].sentence


def test_exports_carry_urdu_byte_for_byte(store_db, tmp_path):
    sentence = _urdu_sentence(store_db)
    assert sentence in URDU
    runner = CliRunner()
    for fmt in ("jsonl", "geojson", "acled-csv"):
        out = tmp_path / f"out.{fmt}"
        assert runner.invoke(app, ["export", "--to", fmt, "-o", str(out), "--db", store_db]).exit_code == 0
        data = out.read_bytes()
        assert not BIDI_MARKS & set(data.decode("utf-8"))
        if fmt == "jsonl":  # the record with its evidence, as written (not \u-escaped)
            assert json.dumps(sentence, ensure_ascii=False)[1:-1].encode("utf-8") in data
    listed = runner.invoke(app, ["incidents", "--db", store_db, "--format", "csv"])
    assert listed.exit_code == 0 and not BIDI_MARKS & set(listed.stdout)
    as_json = runner.invoke(app, ["incidents", "--db", store_db, "--format", "json"])
    evidence = [e["sentence"] for r in json.loads(as_json.stdout) for e in r["evidence"]]
    assert sentence in evidence


def test_terminal_table_isolates_urdu_cells_line_by_line():
    records = [
        {"id": "aa", "date": {"start": "2023-05-09"}, "event_type": "Violence against civilians",
         "location": {"name": "کورنگی کے علاقے میں ایک لمبی سڑک کے کنارے"}, "fatalities": {"best": 7},
         "evidence": [{"document": "ur-1"}]},
        {"id": "bb", "date": {"start": "2023-05-10"}, "event_type": "Battles",
         "location": {"name": "Orangi Town"}, "fatalities": {"best": 8}, "evidence": [{"document": "en-1"}]},
    ]
    for width in ("200", "110"):  # one line per cell, then wrapped cells
        out = io.StringIO()
        os.environ["COLUMNS"] = width
        try:
            render(records, "table", incident_columns(), out=out)
        finally:
            del os.environ["COLUMNS"]
        lines = out.getvalue().splitlines()
        urdu_lines = [line for line in lines if any("\u0600" <= c <= "\u06ff" for c in line)]
        assert urdu_lines and (len(urdu_lines) > 1) == (width == "110")
        for line in urdu_lines:
            # every line's Urdu is inside one isolate, and nothing else is
            start, end = line.index(FIRST_STRONG_ISOLATE), line.index(POP_DIRECTIONAL_ISOLATE)
            assert start < end and line.count(FIRST_STRONG_ISOLATE) == line.count(POP_DIRECTIONAL_ISOLATE) == 1
            assert not any("\u0600" <= c <= "\u06ff" for c in line[:start] + line[end:])
        # the marks take no room: the column after the place lines up in both rows
        rows = [line.replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "") for line in lines]
        column = next(r for r in rows if "fatalities" in r).index("fatalities")
        assert next(r for r in rows if r.lstrip().startswith("aa"))[column] == "7"
        assert next(r for r in rows if r.lstrip().startswith("bb"))[column] == "8"
    csv_out = io.StringIO()
    render(records, "csv", incident_columns(), out=csv_out)
    assert list(csv.reader(io.StringIO(csv_out.getvalue())))[1][5] == records[0]["location"]["name"]


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium)")
def test_report_shows_urdu_evidence_right_to_left_in_chromium(store_db, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from vigil.report import build_report, write_report
    from vigil.report.pdf import CHROMIUM_ARGS

    with vigil.open(store_db) as store:
        html = build_report(store.incidents(), [], [], title="رپورٹ: کراچی", generated="2026-01-05")
    path = write_report(tmp_path / "report.html", html)
    sentence = _urdu_sentence(store_db)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(path.as_uri())
            directions = page.eval_on_selector_all(
                "blockquote.evidence",
                "els => els.map(e => [e.textContent, getComputedStyle(e).direction, getComputedStyle(e).textAlign])")
            by_text = {text: (direction, align) for text, direction, align in directions}
            assert by_text[sentence] == ("rtl", "start")
            english = next(text for text in by_text if "shopkeeper" in text)
            assert by_text[english][0] == "ltr"
            assert page.eval_on_selector("h1", "e => getComputedStyle(e).direction") == "rtl"
            labels = page.eval_on_selector_all("ul.sources bdi", "els => els.map(e => e.textContent)")
            assert "روزنامہ مثال" in labels and "Example Times" in labels
        finally:
            browser.close()
