"""The situation report's HTML, checked without a browser: sections, figures, charts, map data,
disagreements, escaping, and that nothing is fetched from the network."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vigil.model import Claim, Evidence, Incident, Period
from vigil.report import ReportError, build_report

FIXTURE = Path(__file__).resolve().parents[1] / "export" / "fixtures" / "incidents.jsonl"


@pytest.fixture
def incidents() -> list[Incident]:
    return [Incident.from_json(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]


def charts(html: str) -> dict[str, list[tuple[str, str]]]:
    """chart name -> [(bar label, bar value)]"""
    out = {}
    for name, body in re.findall(r'<svg class="chart" data-chart="([^"]+)"(.*?)</svg>', html, re.S):
        out[name] = re.findall(r'<rect class="bar" data-label="([^"]*)" data-value="([^"]*)"', body)
    return out


def map_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" class="vigil-map-data" data-map="map">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_sections_and_headline_figures(incidents):
    html = build_report(incidents, [], [], since="2025-01-01", until="2025-12-31", title="Karachi 2025",
                        generated="2026-01-05")
    assert "<title>Karachi 2025</title>" in html
    for section in ("headline", "over-time", "by-group", "map-section", "disagreements", "incidents"):
        assert f'id="{section}"' in html
    # 2025: constable (1), trader, protest, unplaced attack (20–25); the 2014 bombing and the undated arrests are out
    assert re.findall(r'data-incident="([^"]+)"', html) == [
        "fx-unplaced-range", "fx-constable-orangi", "fx-saddar-protest", "fx-trader-kidnapped"]
    killed = re.search(r'data-figure="fatalities">(.*?)</div></div>', html, re.S).group(1)
    assert '<div class="value">21</div>' in killed and "range 21–26" in killed and "2 incidents give no figure" in killed
    assert "1 January 2025 – 31 December 2025" in html and "generated 2026-01-05" in html


def test_charts_by_month_with_every_month_shown(incidents):
    html = build_report(incidents, since="2025-01-01", until="2025-12-31")
    found = charts(html)
    months = found["incidents-by-month"]
    assert [label for label, _ in months] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert dict(months)["2025-01"] == "1" and dict(months)["2025-03"] == "2" and dict(months)["2025-11"] == "1"
    assert dict(found["fatalities-by-month"])["2025-01"] == "20"
    assert dict(found["by-target"]) == {"police": "1", "civilians": "1", "business": "1", "not stated": "1"}
    assert dict(found["by-perpetrator"])["unidentified"] == "2"


def test_short_period_counts_by_week(incidents):
    html = build_report(incidents, since="2025-03-10", until="2025-03-30")
    weeks = charts(html)["incidents-by-week"]
    assert [label for label, _ in weeks] == ["2025-03-10", "2025-03-17", "2025-03-24"]
    assert dict(weeks)["2025-03-17"] == "2"


def test_map_data_has_located_incidents_basemap_and_labels(incidents):
    html = build_report(incidents)
    data = map_data(html)
    assert {p["id"] for p in data["points"]} == {i.id for i in incidents if i.location and i.location.lat}
    assert "1 without coordinates" in html
    assert "60,20" in data["basemap"]["tiles"]  # the tile holding Karachi, drawn in detail
    assert data["basemap"]["tiles"]["60,20"]["coast"]
    assert any(label["name"] == "Pakistan" for label in data["labels"])
    bus = next(p for p in data["points"] if p["id"] == "fx-bus-bombing")
    assert (bus["lat"], bus["lon"]) == (24.878, 67.393) and "#incident-fx-bus-bombing" in bus["popup"]
    assert bus["size"] == 13  # the marker grows with the dead


def test_figures_that_disagree_from_reports_and_conflicts(incidents):
    conflict = {
        "quantity": "police officers", "place": "Karachi", "period": {"start": None, "end": "2014-11-20"},
        "explanation": "one figure counts clerical staff",
        "claims": [
            Claim("c1", 15000, 15000, 15000, quantity="police officers",
                  evidence=Evidence("fx-wire-1", "Karachi has some 15,000 officers on active duty.", 0, 48)),
            Claim("c2", 27000, 27000, 27000, quantity="police officers", attributed_to="the provincial government",
                  evidence=Evidence("fx-ledger-1", "The force numbers 27,000 with its clerks.", 0, 41)),
        ],
    }
    html = build_report(incidents, [], [conflict], since="2014-01-01", until="2014-12-31")
    section = html.split('id="disagreements"')[1].split("</section>")[0]
    assert "15000" in section and "27000" in section and "one figure counts clerical staff" in section
    assert "the provincial government" in section and "Indus Wire" in section
    # the merged bombing's two reports: 13 and at least 12 dead
    assert "<strong>13</strong> — <bdi>Indus Wire</bdi>" in section
    assert "<strong>at least 12</strong> — <bdi>Karachi Ledger</bdi>" in section
    assert 'href="#incident-fx-bus-bombing"' in section


def test_stated_figures_in_the_period(incidents):
    inside = Claim("in", 100, quantity="police officers killed", period=Period("2014-01-01", "2014-08-31"),
                   evidence=Evidence("x", "s", 0, 1))
    outside = Claim("out", 7, quantity="bodies found", period=Period("2019-01-01", "2019-06-30"),
                    evidence=Evidence("x", "s", 0, 1))
    html = build_report(incidents, [inside, outside], [], since="2014-01-01", until="2014-12-31")
    claims = html.split('id="claims"')[1].split("</section>")[0]
    assert "police officers killed" in claims and "bodies found" not in claims


def test_text_from_reports_is_escaped(incidents):
    incidents[1].location.name = "<script>alert(1)</script>"
    incidents[1].evidence[0].sentence = "He said </script><b>bold</b>"
    html = build_report(incidents)
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    map_data(html)  # the JSON block is still one intact script


def test_nothing_is_loaded_from_the_network(incidents):
    html = build_report(incidents)
    assert not re.search(r'<script[^>]+src=', html)
    assert not re.search(r'<link[^>]+href=', html)
    assert not re.search(r'url\(\s*["\']?https?:', html)
    assert "L.map(" in html.replace("window.L", "")  # Leaflet and the map script are inline


def test_empty_report_and_bad_dates(incidents):
    html = build_report([], since="2030-01-01", until="2030-01-31")
    assert '<div class="value">0</div>' in html and "No two reports give different values" in html
    with pytest.raises(ReportError, match="bad since date 'soon'"):
        build_report(incidents, since="soon")


def test_conflicts_as_the_resolver_finds_them(incidents):
    from vigil.resolve.claims import find_conflicts

    claims = [
        Claim("k1", 15000, 15000, 15000, quantity="police officers", place="Karachi",
              period=Period(None, "2014-11-20"), attributed_to="the police chief",
              evidence=Evidence("fx-wire-1", "The city has 15,000 police officers.", 0, 36)),
        Claim("k2", 27000, 27000, 27000, quantity="police officers", place="Karachi",
              period=Period(None, "2014-11-20"),
              evidence=Evidence("fx-ledger-1", "The city has 27,000 police officers.", 0, 36)),
    ]
    found = find_conflicts(claims)
    assert found, "the resolver should see these two figures as a conflict"
    html = build_report(incidents, claims, found, since="2014-01-01", until="2014-12-31")
    section = html.split('id="disagreements"')[1].split("</section>")[0]
    assert "15000" in section and "27000" in section
    assert "the police chief" in section and "Karachi Ledger" in section
    assert "The city has 27,000 police officers." in section


def test_field_conflicts_of_a_merged_incident(incidents):
    record = incidents[0].to_dict()
    record["conflicts"] = [{"field": "claimed_by", "values": [
        {"value": "Tehreek-e-Taliban Pakistan", "documents": ["fx-wire-1"]},
        {"value": "Jundullah", "documents": ["fx-ledger-1"]}]}]
    html = build_report([record], since="2014-02-01", until="2014-02-28")
    section = html.split('id="disagreements"')[1].split("</section>")[0]
    assert "claimed by" in section
    assert "<strong>Jundullah</strong> — <bdi>Karachi Ledger</bdi>" in section
