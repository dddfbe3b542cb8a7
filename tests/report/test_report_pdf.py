"""html_to_pdf: a report printed by headless Chromium (skipped without /usr/bin/chromium)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigil.model import Incident
from vigil.report import ReportError, build_report, html_to_pdf, write_report

FIXTURE = Path(__file__).resolve().parents[1] / "export" / "fixtures" / "incidents.jsonl"
needs_chromium = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"),
                                    reason="/usr/bin/chromium is absent (apt-get install chromium)")


@needs_chromium
def test_print_to_pdf_offline(tmp_path):
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    incidents = [Incident.from_json(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
    html = write_report(tmp_path / "report.html", build_report(incidents, title="Fixture report"))
    pdf = html_to_pdf(html, tmp_path / "report.pdf", offline=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page") >= 2


def test_missing_chromium_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("VIGIL_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ReportError, match=r"--pdf needs Chromium: install it \(apt-get install chromium\)"):
        html_to_pdf(tmp_path / "r.html", tmp_path / "r.pdf")
