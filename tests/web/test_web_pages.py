"""The desk's pages over HTTP: what a monitor sees, and that it agrees with the store."""
from __future__ import annotations

import csv
import io
import json
import re
import time

from .conftest import incident_ids

MAP_DATA = re.compile(r'<script type="application/json" class="vigil-map-data"[^>]*>(.*?)</script>', re.S)


def test_dashboard_counts_maps_and_charts_what_the_filters_select(shared_desk):
    viewer = shared_desk.signed_in("viewer")
    page = viewer.get("/").text
    assert re.search(r'<span class="big">4</span> incidents', page) is None  # 4 reports, 3 incidents
    assert re.search(r'<span class="big">3</span> incidents', page)
    assert "5–5–5" in page or "3–5–5" in page  # the patrol ambush: each report's toll, reconciled
    data = json.loads(MAP_DATA.search(page).group(1))
    assert len(data["points"]) == 3 and all("/incidents/" in p["popup"] for p in data["points"])
    for tally in ("type", "place", "perpetrator", "target"):
        assert f'data-tally="{tally}"' in page
    assert 'data-chart="incidents-by-month"' in page and 'data-label="2021-03"' in page
    # The leaflet assets are the package's own, referenced, never inlined or fetched elsewhere.
    assert '<script src="/static/leaflet/leaflet.js">' in page and "https://" not in page.split("<main>")[0]

    weekly = viewer.get("/?unit=week&place=Lyari").text
    assert 'data-chart="incidents-by-week"' in weekly and 'data-label="2021-03-29"' in weekly  # the Monday
    assert re.search(r'<span class="big">1</span> incidents', weekly)
    assert len(json.loads(MAP_DATA.search(weekly).group(1))["points"]) == 1
    # Filters are in the URL, so the links a tally row makes keep them and add its own.
    assert 'href="/?place=Lyari&amp;type=' in weekly
    viewer.close()


def test_search_over_reports_marks_the_words_found(shared_desk):
    viewer = shared_desk.signed_in("viewer")
    page = viewer.get("/", params={"q": "extortion money"}).text
    assert 'href="/documents/desk-lyari-grenade"' in page and "<mark>extortion</mark>" in page
    assert "No report contains every word" in viewer.get("/", params={"q": "zeppelin"}).text
    viewer.close()


def test_incident_page_shows_fields_evidence_each_reports_figures_and_texts(shared_desk):
    ids = incident_ids(shared_desk)
    viewer = shared_desk.signed_in("viewer")
    page = viewer.get(f"/incidents/{ids['patrol']}").text
    # Each report's own toll beside the reconciled range.
    figures = page[page.index('class="figures"'):page.index("</table>", page.index('class="figures"'))]
    assert "desk-courier-patrol" in figures and "desk-record-patrol" in figures
    assert re.search(r">\s*3\s*<", figures) and re.search(r">\s*5\s*<", figures)
    assert 'data-figure="fatalities">3–5' in page
    # Fields with the sentence they come from, linked to the offsets in the report.
    assert 'data-field="location"' in page and "Sohrab Goth" in page
    assert re.search(r'href="/documents/desk-courier-patrol#at-\d+"', page)
    # Both reports' texts, the evidence marked.
    assert page.count('<article class="report-text">') == 2
    assert re.search(r'<mark class="evidence"[^>]*>[^<]*Two gunmen on a motorcycle', page)
    assert "No one has changed this incident yet" in page
    # A report's own incident id leads to the incident it is part of.
    with shared_desk.api("viewer") as api:
        mention = api.get(f"/api/incidents/{ids['patrol']}").json()["mentions"][0]
    moved = viewer.get(f"/incidents/{mention}")
    assert moved.status_code == 303 and moved.headers["location"] == f"/incidents/{ids['patrol']}"
    assert viewer.get("/incidents/no-such-incident").status_code == 404
    viewer.close()


def test_document_page_marks_incidents_and_figures_in_the_cleaned_text(shared_desk):
    ids = incident_ids(shared_desk)
    viewer = shared_desk.signed_in("viewer")
    page = viewer.get("/documents/desk-courier-patrol").text
    assert f'href="/incidents/{ids["patrol"]}"' in page
    text = page[page.index('<div class="text">'):]
    assert re.search(r'<mark class="evidence" title="incident [0-9a-f]+: [^"]+" id="at-\d+">', text)
    # The tolls themselves, written in words, are marked inside their sentences.
    assert re.search(r'<mark class="evidence figure" title="[^"]*killed: 3[^"]*"[^>]*>[Tt]hree</mark>', text)
    lyari = viewer.get("/documents/desk-lyari-grenade").text
    assert re.search(r'<mark class="evidence figure" title="[^"]*injured: 7[^"]*"[^>]*>[Ss]even</mark>', lyari)
    assert viewer.get("/documents/no-such-report").status_code == 404
    listing = viewer.get("/documents").text
    assert listing.count('href="/documents/desk-') == 4
    viewer.close()


def test_downloads_follow_the_filters(shared_desk):
    viewer = shared_desk.signed_in("viewer")
    everything = viewer.get("/export", params={"to": "jsonl"})
    assert everything.status_code == 200 and "attachment" in everything.headers["content-disposition"]
    assert len(everything.text.strip().splitlines()) == 3
    lyari = viewer.get("/export", params={"to": "acled-csv", "place": "Lyari"})
    rows = list(csv.DictReader(io.StringIO(lyari.text)))
    assert len(rows) == 1 and "Lyari" in json.dumps(rows[0])
    geojson = viewer.get("/export", params={"to": "geojson", "min_fatalities": "2"}).json()
    assert len(geojson["features"]) == 2
    parquet = viewer.get("/export", params={"to": "parquet"})
    assert parquet.content[:4] == b"PAR1"
    report = viewer.get("/report", params={"since": "2021-05"})
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    points = json.loads(MAP_DATA.search(report.text).group(1))["points"]
    assert [p["id"] for p in points] == [incident_ids(shared_desk)["blast"]]
    assert viewer.get("/export", params={"to": "excel"}).status_code == 400
    viewer.close()


def test_an_editor_uploads_pasted_text_and_watches_it_ingested(desk):
    editor = desk.signed_in("editor")
    assert "Upload a report" in editor.get("/documents/new").text
    text = ("KARACHI, June 2 — Unidentified gunmen shot dead a shopkeeper in Baldia Town on Tuesday night, "
            "police said, adding that the attackers fled on a motorcycle.")
    response = editor.post("/documents", {"text": text, "title": "Shopkeeper shot in Baldia", "outlet": "Desk Test Wire",
                                          "published": "2021-06-02"})
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    job_url = response.headers["location"]
    deadline = time.monotonic() + 60
    page = editor.get(job_url).text
    while 'data-state="done"' not in page and 'data-state="failed"' not in page:
        assert 'http-equiv="refresh"' in page  # the page follows the ingest by itself
        assert time.monotonic() < deadline, page
        time.sleep(0.2)
        page = editor.get(job_url).text
    assert 'data-state="done"' in page and "1 added" in page
    document = re.search(r'href="/documents/([^"]+)">Open the report', page).group(1)
    shown = editor.get(f"/documents/{document}").text
    assert "Shopkeeper shot in Baldia" in shown and "Desk Test Wire" in shown and 'class="evidence"' in shown
    with desk.api("viewer") as api:
        assert api.get("/api/incidents", params={"place": "Baldia"}).json()["total"] == 1
    admin = desk.signed_in("admin")
    audit = admin.get("/admin/audit").text
    assert "upload" in audit and "ingest-done" in audit
    for client in (editor, admin):
        client.close()


def test_an_upload_with_nothing_or_bad_metadata_is_refused_with_a_reason(desk):
    editor = desk.signed_in("editor")
    empty = editor.post("/documents", {"text": "  "})
    assert empty.status_code == 400 and "nothing to ingest" in empty.text
    bad = editor.post("/documents", {"text": "Gunmen shot a man in Lyari.", "published": "last week"})
    assert bad.status_code == 400 and "published" in bad.text
    editor.close()


def test_merge_and_split_through_the_forms_are_recorded(desk):
    ids = incident_ids(desk)
    editor = desk.signed_in("editor")
    response = editor.post("/incidents/merge", {"first": ids["grenade"], "second": ids["blast"],
                                                "reason": "one gang's campaign"})
    merged = response.headers["location"].rsplit("/", 1)[1]
    page = editor.get(f"/incidents/{merged}").text
    assert "one gang&#39;s campaign" in page and "editor" in page and ">merge<" in page
    response = editor.post(f"/incidents/{merged}/split", {"document": "desk-orangi-blast", "reason": "two attacks"})
    assert response.status_code == 303
    after = incident_ids(desk)
    assert after["grenade"] != after["blast"]
    page = editor.get(f"/incidents/{after['blast']}").text
    assert "two attacks" in page and ">split<" in page
    refused = editor.post("/incidents/merge", {"first": after["grenade"], "second": "no-such-incident"})
    assert refused.status_code == 400 and "no incident" in refused.text
    editor.close()


def test_incident_page_shows_the_case_timeline_of_its_judicial_steps(desk, tmp_path):
    import vigil

    killing_sentence = "Gunmen killed a shopkeeper in Saddar on Monday, police said."
    arrest_sentence = "Police arrested two men on Friday over the killing of a shopkeeper in Saddar."

    def record(id_, document, sentence, sub_event_type, event_type, day, **extra):
        return {"id": id_, "event_type": event_type, "sub_event_type": sub_event_type,
                "date": {"start": day, "end": day, "precision": "day", "text": None},
                "location": {"name": "Saddar", "city": "Karachi", "country": "Pakistan", "precision": "town"},
                "perpetrators": [], "targets": [], "victims": [], "weapons": [],
                "fatalities": {"low": 1, "best": 1, "high": 1} if event_type != "Strategic developments" else None,
                "injured": None, "kidnapped": None, "arrested": None, "perpetrators_killed": None,
                "evidence": [{"document": document, "sentence": sentence, "start": 0, "end": len(sentence)}],
                "sources": [{"document": document, "published": day}], "reports": [], "conflicts": [],
                "mentions": [id_], "status": "extracted", "confidence": 0.9, **extra}

    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(r) for r in (
        record("case-killing", "case-report-1", killing_sentence, "Attack", "Violence against civilians", "2021-08-02",
               follow_ups=[{"incident": "case-arrest", "sub_event_type": "Arrests",
                            "date": {"start": "2021-08-06", "end": "2021-08-06", "precision": "day"}}]),
        record("case-arrest", "case-report-2", arrest_sentence, "Arrests", "Strategic developments", "2021-08-06",
               follows="case-killing"))) + "\n", encoding="utf-8")
    assert vigil.ingest([str(cases)], db=desk.db).imported == 2
    viewer = desk.signed_in("viewer")
    page = viewer.get("/incidents/case-killing").text
    timeline = page[page.index('id="case-h"'):page.index("</ol>", page.index('id="case-h"'))]
    assert "On 2 August 2021 — this incident" in timeline
    assert re.search(r'On 6 August 2021 —\s*<a href="/incidents/case-arrest">Arrests</a>', timeline)
    arrest = viewer.get("/incidents/case-arrest").text
    assert 'follows <a href="/incidents/case-killing">' in arrest
    viewer.close()
