"""The situation report's map in headless Chromium, with every request that is not the report's
own file refused and recorded: for a Karachi-only database and a Pakistan-and-world one, made by
`vigil ingest` from invented reports (tests/fixtures/map_reports), the map draws its basemap
(land, coast, country and province lines), every located incident as a marker or in a cluster,
labels that do not overlap, and, when some incidents lie outside the first view, an inset and a
"show all" control.

Needs Debian's chromium (apt-get install chromium) and the playwright package; skipped otherwise.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vigil.report.pdf import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "map_reports"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ANIMATION_MS = 800  # Leaflet's zoom animation takes 250 ms
DRAWN_POINTS = """() => {
    let n = document.querySelectorAll('#map .vigil-incident').length;
    document.querySelectorAll('#map .vigil-cluster span').forEach(c => { n += Number(c.textContent); });
    return n; }"""
IN_VIEW = """() => { const m = VigilMap.maps.map; let n = 0;
    m.clusters.eachLayer(x => { if (m.map.getBounds().contains(x.getLatLng())) n += 1; }); return n; }"""
PATH_LENGTHS = """(name) => Array.from(document.querySelectorAll('#map path.' + name))
    .map(p => (p.getAttribute('d') || '').length)"""
LABEL_BOXES = """() => Array.from(document.querySelectorAll('#map .vigil-label'))
    .filter(l => l.style.display !== 'none')
    .map(l => { const r = l.querySelector('.vigil-label-text').getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom, l.textContent]; })"""


def vigil(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True, check=True)


def located(db: Path) -> int:
    """Incidents with coordinates in the database, as its GeoJSON export counts them."""
    features = json.loads(vigil("export", "--to", "geojson", "-o", "-", "--db", str(db)).stdout)["features"]
    return sum(1 for f in features if f.get("geometry"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """name -> (report HTML, located incidents) for the Karachi-only and the mixed database."""
    folder = tmp_path_factory.mktemp("map-reports")
    made = {}
    for name, inputs in (("karachi", ["karachi.jsonl"]), ("mixed", ["karachi.jsonl", "elsewhere.jsonl"])):
        db = folder / f"{name}.db"
        vigil("ingest", "--db", str(db), *[str(REPORTS / f) for f in inputs])
        html = folder / f"{name}.html"
        vigil("report", "--db", str(db), "-o", str(html))
        made[name] = (html, located(db))
    assert made["karachi"][1] >= 8 and made["mixed"][1] >= made["karachi"][1] + 8
    return made


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_offline(browser, html: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.requests, page.errors = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def route(route):
        page.requests.append(route.request.url)
        if route.request.url == html.as_uri():
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_selector("#map[data-map-ready]", state="attached", timeout=15000)
    return page


@pytest.fixture(scope="module")
def karachi(browser, reports):
    page = open_offline(browser, reports["karachi"][0])
    yield page, reports["karachi"][1]
    page.close()


@pytest.fixture(scope="module")
def mixed(browser, reports):
    page = open_offline(browser, reports["mixed"][0])
    yield page, reports["mixed"][1]
    page.close()


def set_zoom(page, zoom: float) -> None:
    page.evaluate(f"VigilMap.maps.map.map.setZoom({zoom}, {{animate: false}}) && null")  # (not the map object)
    page.wait_for_timeout(150)


def assert_no_overlap(boxes) -> None:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"labels {a[4]!r} and {b[4]!r} overlap"


@pytest.mark.parametrize("which", ["karachi", "mixed"])
def test_nothing_but_the_report_is_requested(which, request):
    page, _ = request.getfixturevalue(which)
    assert page.errors == []
    assert page.requests == [page.url]  # no tile, font, image or script from anywhere else


def test_karachi_all_incidents_drawn_in_the_first_view(karachi):
    page, count = karachi
    assert page.evaluate("VigilMap.maps.map.clusters.getLayers().length") == count
    assert page.evaluate(IN_VIEW) == count
    assert page.evaluate(DRAWN_POINTS) == count
    assert page.evaluate("VigilMap.maps.map.map.getZoom()") >= 10  # the city, not the country
    assert page.locator("#map .vigil-view-switch").count() == 0 and page.locator("#map .vigil-inset").count() == 0


def test_karachi_basemap_is_drawn(karachi):
    page, _ = karachi
    assert max(page.evaluate(PATH_LENGTHS, "vigil-sea"), default=0) > 10  # the tiles' sea: a rectangle here
    for name in ("vigil-land", "vigil-coast"):
        assert max(page.evaluate(PATH_LENGTHS, name), default=0) > 200, f"no {name} path drawn"
    set_zoom(page, 6)  # Sindh and its neighbours: province and country lines come into view
    for name in ("vigil-province", "vigil-country"):
        assert max(page.evaluate(PATH_LENGTHS, name), default=0) > 200, f"no {name} path drawn"
    set_zoom(page, 3)  # the world: the overview alone
    assert page.locator("#map path.vigil-coast").count() == 0
    assert max(page.evaluate(PATH_LENGTHS, "vigil-overview"), default=0) > 200
    page.evaluate("VigilMap.maps.map.map.fitBounds(JSON.parse(document.querySelector('script.vigil-map-data')"
                  ".textContent).focus, {animate: false}) && null")


def test_karachi_labels_do_not_overlap(karachi):
    page, _ = karachi
    for zoom in (None, 9, 7, 5):
        if zoom is not None:
            set_zoom(page, zoom)
        boxes = page.evaluate(LABEL_BOXES)
        assert len(boxes) >= 3, f"too few labels at zoom {zoom}"
        assert_no_overlap(boxes)


def test_mixed_opens_on_pakistan_with_an_inset_for_the_rest(mixed):
    page, count = mixed
    assert page.evaluate("VigilMap.maps.map.clusters.getLayers().length") == count
    in_view = page.evaluate(IN_VIEW)
    assert count / 2 < in_view < count  # most, not all
    center = page.evaluate("(() => { const c = VigilMap.maps.map.map.getCenter(); return [c.lat, c.lng]; })()")
    assert 23 < center[0] < 37 and 60 < center[1] < 78  # over Pakistan
    assert page.locator("#map .vigil-inset").is_visible()
    assert page.locator("#map .vigil-inset path.vigil-inset-point").count() == count
    assert page.locator("#map .vigil-inset path.vigil-overview").count() > 0
    assert "outside" in page.locator("#map-status").inner_text()
    assert_no_overlap(page.evaluate(LABEL_BOXES))


def test_mixed_show_all_brings_every_incident_into_view(mixed):
    page, count = mixed
    switch = page.locator("#map .vigil-view-switch")
    assert f"Show all {count}" in switch.inner_text()
    switch.click()
    page.wait_for_timeout(ANIMATION_MS)
    assert page.evaluate(IN_VIEW) == count
    assert page.evaluate(DRAWN_POINTS) == count
    assert_no_overlap(page.evaluate(LABEL_BOXES))
    switch.click()  # and back
    page.wait_for_timeout(ANIMATION_MS)
    assert page.evaluate(IN_VIEW) < count
