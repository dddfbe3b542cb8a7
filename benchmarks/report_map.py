"""Situation report with its map, on two small databases: Karachi only, and Karachi with the rest
of Pakistan and the world. Prints, for each, the time to build the HTML in-process (median), the
time of a whole `vigil report` command, the HTML's size, and - when Debian's Chromium and
Playwright are present - the time until the page has drawn its map with the network blocked.

    .venv/bin/python benchmarks/report_map.py [RUNS]      # default: 5 runs each

The databases are made by `vigil ingest` from the invented reports in tests/fixtures/map_reports/
into a scratch folder. Not part of the test suite; prints figures, asserts nothing.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "fixtures" / "map_reports"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
CHROMIUM = "/usr/bin/chromium"


def make_databases(scratch: Path) -> dict[str, Path]:
    vigil = [sys.executable, "-m", "vigil.cli"]
    karachi, mixed = scratch / "karachi.db", scratch / "mixed.db"
    subprocess.run([*vigil, "ingest", "--db", str(karachi), str(REPORTS / "karachi.jsonl")],
                   capture_output=True, check=True, cwd=ROOT)
    subprocess.run([*vigil, "ingest", "--db", str(mixed), str(REPORTS / "karachi.jsonl"),
                    str(REPORTS / "elsewhere.jsonl")], capture_output=True, check=True, cwd=ROOT)
    return {"karachi": karachi, "mixed": mixed}


def build_seconds(db: Path) -> tuple[float, str]:
    from vigil.cli_options import read_store
    from vigil.export.query import read_conflicts, read_incidents
    from vigil.report import build_report

    store = read_store(str(db))
    try:
        incidents, claims, conflicts = read_incidents(store), store.claims(), read_conflicts(store)
    finally:
        store.close()
    html = build_report(incidents, claims, conflicts, generated="2026-01-01")  # warm caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        html = build_report(incidents, claims, conflicts, generated="2026-01-01")
        times.append(time.perf_counter() - start)
    return statistics.median(times), html


def command_seconds(db: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "vigil.cli", "report", "--db", str(db), "-o", str(output)],
                   capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - start


def browser_seconds(paths: list[Path]) -> list[float]:
    from playwright.sync_api import sync_playwright
    from vigil.report.pdf import CHROMIUM_ARGS

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            times = []
            for _ in range(RUNS):
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-map-ready]", timeout=30000)
                times.append(time.perf_counter() - start)
                page.close()
            results.append(statistics.median(times))
        browser.close()
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        databases = make_databases(scratch)
        rows = []
        for name, db in databases.items():
            seconds, html = build_seconds(db)
            page = scratch / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            rows.append((name, seconds, command_seconds(db, scratch / f"{name}-cli.html"), len(html.encode()), page))
        have_browser = os.path.exists(CHROMIUM)
        if have_browser:
            try:
                drawn = browser_seconds([row[4] for row in rows])
            except ImportError:
                have_browser, drawn = False, []
        print(f"situation report, median of {RUNS} runs")
        for i, (name, seconds, command, size, _) in enumerate(rows):
            shown = f"{drawn[i]:6.3f} s" if have_browser else "  (no Chromium)"
            print(f"  {name:8s} build_report {seconds:6.3f} s   vigil report {command:6.3f} s   "
                  f"HTML {size / 1024:7.1f} KiB   map drawn offline in Chromium {shown}")


if __name__ == "__main__":
    main()
