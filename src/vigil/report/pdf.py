"""PDF of a report through headless Chromium (Debian's ``chromium``) driven by Playwright."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional, Union

from vigil.report.errors import ReportError

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# How long a page may take to draw its map before it is printed anyway.
READY_TIMEOUT_MS = 15000


def find_chromium() -> Optional[str]:
    """$VIGIL_CHROMIUM when set (and only it), else /usr/bin/chromium, else a chromium on PATH;
    None when there is none."""
    chosen = os.environ.get("VIGIL_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def html_to_pdf(html_path: Union[str, Path], pdf_path: Union[str, Path], *, offline: bool = False) -> Path:
    """Print the report at ``html_path`` to ``pdf_path`` (A4). With ``offline`` every request
    but the report's own is refused (the report needs none: its map carries its basemap)."""
    chromium = find_chromium()
    if chromium is None:
        raise ReportError("--pdf needs Chromium: install it (apt-get install chromium) or set VIGIL_CHROMIUM")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ReportError("--pdf needs Playwright: pip install playwright (Chromium comes from the system)") from None
    source = Path(html_path).resolve()
    target = Path(pdf_path)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                if offline:
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                               else route.abort())
                page.goto(source.as_uri())
                try:
                    page.wait_for_selector("body[data-map-ready]", timeout=READY_TIMEOUT_MS)
                    page.wait_for_load_state("networkidle", timeout=READY_TIMEOUT_MS)
                except PlaywrightError:
                    pass  # print what is drawn rather than fail: the tables carry the content
                page.emulate_media(media="print")
                page.pdf(path=str(target), format="A4", print_background=True,
                         margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
            finally:
                browser.close()
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ReportError(f"{target}: Chromium could not print the report ({first_line})") from None
    return target
