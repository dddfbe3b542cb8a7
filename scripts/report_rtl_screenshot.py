#!/usr/bin/env python3
"""Screenshot of the situation report's incident list with an Urdu and an English report of one
incident, for docs/languages.md: the Urdu evidence reads right to left beside the English.  The
reports are the invented ones of tests/languages (reports.py and test_merge_across.py), ingested
into a temporary database and opened in headless Chromium (Debian's, through Playwright).

    .venv/bin/python scripts/report_rtl_screenshot.py [--out docs/images]

Writes report-urdu.png.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args()
    import vigil
    from playwright.sync_api import sync_playwright
    from tests.languages.test_merge_across import ENGLISH, URDU_SAME
    from vigil.report import build_report, write_report
    from vigil.report.pdf import CHROMIUM_ARGS

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "reports.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
            {"id": "en-1", "text": ENGLISH, "published": "2023-05-11", "language": "en", "outlet": "Example Times"},
            {"id": "ur-1", "text": URDU_SAME, "language": "ur", "outlet": "روزنامہ مثال"},
        ]), encoding="utf-8")
        db = f"sqlite:///{folder}/v.db"
        vigil.ingest([str(corpus)], db=db)
        with vigil.open(db) as store:
            html = build_report(store.merged_incidents(), [], [], title="Karachi: one incident in two languages",
                                generated="2026-01-05")
        path = write_report(Path(folder) / "report.html", html)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1040, "height": 700})
            page.goto(path.as_uri())
            page.eval_on_selector_all("details", "els => els.forEach(e => e.open = true)")
            table = page.locator("#incidents table").first
            args.out.mkdir(parents=True, exist_ok=True)
            table.screenshot(path=str(args.out / "report-urdu.png"))
            browser.close()
    print(args.out / "report-urdu.png")


if __name__ == "__main__":
    main()
