"""The report in headless Chromium with the network blocked: it draws its charts, its map with
incident markers over the gazetteer outline, and its incident list; it prints to PDF (test_report_pdf.py).

Needs Debian's chromium (apt-get install chromium) and the playwright package; skipped otherwise.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigil.model import Incident
from vigil.report import build_report, write_report
from vigil.report.pdf import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
FIXTURE = Path(__file__).resolve().parents[1] / "export" / "fixtures" / "incidents.jsonl"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def incidents() -> list[Incident]:
    return [Incident.from_json(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def report_file(incidents, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(path, build_report(incidents, [], [], title="Fixture report", generated="2026-01-05"))
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def offline_page(browser, report_file):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.goto(report_file.as_uri())
    page.wait_for_selector("body[data-map-ready]", timeout=10000)
    page.wait_for_selector("body[data-map-tiles=offline]", timeout=10000)
    page.requests, page.errors = requests, errors
    yield page
    page.close()


def test_page_loads_without_network_or_script_errors(offline_page, report_file):
    assert offline_page.errors == []
    local = [u for u in offline_page.requests if u.startswith("file:")]
    assert local == [report_file.as_uri()]  # everything else is inline
    remote = [u for u in offline_page.requests if not u.startswith("file:")]
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in remote)


def test_charts_are_drawn(offline_page):
    for name in ("incidents-by-month", "fatalities-by-month", "by-target", "by-perpetrator"):
        chart = offline_page.locator(f'svg.chart[data-chart="{name}"]')
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 40
    bars = offline_page.locator('svg[data-chart="incidents-by-month"] rect.bar')
    assert bars.count() > 12  # 2014 to 2025, every month shown
    heights = [float(bars.nth(i).get_attribute("height")) for i in range(bars.count())]
    assert sum(h > 0 for h in heights) == 4  # the four months with dated incidents


def test_map_draws_incidents_and_offline_outline(offline_page):
    assert offline_page.locator("#map.leaflet-container").is_visible()
    markers = offline_page.locator("#map path.vigil-incident")
    assert markers.count() == 5  # every incident with coordinates
    assert offline_page.locator("#map path.vigil-outline").count() > 5
    assert offline_page.locator("#map .place-label").count() > 0
    assert "Offline" in offline_page.locator("#map-status").inner_text()
    markers.first.click(force=True)
    assert "details and sources" in offline_page.locator(".leaflet-popup-content").inner_text()


def test_incident_list_and_screenshot(offline_page, tmp_path):
    rows = offline_page.locator("tr.incident")
    assert rows.count() == 6
    assert "Indus Wire" in offline_page.locator("#incident-fx-bus-bombing").inner_text()
    shot = tmp_path / "report.png"
    offline_page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000

