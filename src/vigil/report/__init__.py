"""The situation report: one self-contained HTML file (charts, map, incidents, sources, figures
that disagree) that opens without a network, and optionally a PDF of it.

    from vigil.report import build_report
    html = build_report(incidents, claims, conflicts, since="2014-01-01", until="2014-12-31",
                        title="Karachi, 2014")
"""
from vigil.report.errors import ReportError

from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "build_report": "vigil.report.builder",
    "write_report": "vigil.report.builder",
    "find_chromium": "vigil.report.pdf",
    "html_to_pdf": "vigil.report.pdf",
})

__all__ = ["ReportError", "build_report", "find_chromium", "html_to_pdf", "write_report"]
