#!/usr/bin/env python3
"""Screenshots of the situation report's map, for the docs: one for a Karachi-only database and
one for Karachi with the rest of Pakistan and the world. The databases are made by `vigil ingest`
from the invented reports in tests/fixtures/map_reports; each report is opened in headless
Chromium (Debian's chromium, through Playwright) with every request but the report's own file
refused, so the pictures show what a reader sees offline.

    .venv/bin/python scripts/map_screenshots.py [--out docs/images]

Writes map-karachi.png and map-mixed.png.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "tests" / "fixtures" / "map_reports"
CHROMIUM = "/usr/bin/chromium"
DATABASES = {
    "karachi": ["karachi.jsonl"],
    "mixed": ["karachi.jsonl", "elsewhere.jsonl"],
}
VIEWPORT = {"width": 1040, "height": 900}


def vigil(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "vigil.cli", *args], check=True, capture_output=True, cwd=REPO)


def make_report(folder: Path, name: str, inputs: list[str]) -> Path:
    db, html = folder / f"{name}.db", folder / f"{name}.html"
    vigil("ingest", "--db", str(db), *[str(REPORTS / f) for f in inputs])
    vigil("report", "--db", str(db), "-o", str(html), "--title", f"Map screenshot: {name}")
    return html


def screenshot(browser, html: Path, target: Path) -> None:
    page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
    refused = []

    def route(route):
        if route.request.url == html.as_uri():
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_selector("#map[data-map-ready]", state="attached", timeout=15000)
    page.wait_for_timeout(300)
    page.locator("#map-section").screenshot(path=str(target))
    page.close()
    if refused:
        raise SystemExit(f"{html.name} asked for {refused}: the map must need no network")


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the report's map.")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from vigil.report.pdf import CHROMIUM_ARGS

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, inputs in DATABASES.items():
                target = args.out / f"map-{name}.png"
                screenshot(browser, make_report(Path(scratch), name, inputs), target)
                print(target)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
