"""The report in headless Chromium with the network blocked: it draws its charts, its map with
incident markers over the Natural Earth basemap, and its incident list; it prints to PDF
(test_report_pdf.py). The map itself is tested further in tests/maps/test_map_browser.py.

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
    page.wait_for_selector("body[data-map-ready]", state="attached", timeout=10000)
    page.requests, page.errors = requests, errors
    yield page
    page.close()


def test_page_loads_without_network_or_script_errors(offline_page, report_file):
    assert offline_page.errors == []
    assert offline_page.requests == [report_file.as_uri()]  # everything else is inline: no tile is asked for


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


def test_map_draws_incidents_over_the_basemap(offline_page):
    assert offline_page.locator("#map.leaflet-container").is_visible()
    assert offline_page.evaluate("VigilMap.maps.map.clusters.getLayers().length") == 5  # every located incident
    if offline_page.locator("#map .vigil-view-switch").count():  # some lie outside the first view
        offline_page.locator("#map .vigil-view-switch").click()
        offline_page.wait_for_timeout(800)  # Leaflet's zoom animation (250 ms), then the clusters redrawn
    drawn = offline_page.evaluate("""() => {
        let n = document.querySelectorAll('#map .vigil-incident').length;
        document.querySelectorAll('#map .vigil-cluster span').forEach(c => { n += Number(c.textContent); });
        return n; }""")
    assert drawn == 5  # each as a marker of its own or counted in a cluster
    assert offline_page.locator("#map path.vigil-land").count() > 0
    offline_page.locator("#map .vigil-incident").first.click(force=True)
    assert "details and sources" in offline_page.locator(".leaflet-popup-content").inner_text()


def test_incident_list_and_screenshot(offline_page, tmp_path):
    rows = offline_page.locator("tr.incident")
    assert rows.count() == 6
    assert "Indus Wire" in offline_page.locator("#incident-fx-bus-bombing").inner_text()
    shot = tmp_path / "report.png"
    offline_page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000

