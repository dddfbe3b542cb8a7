"""Only http(s) addresses become links in the situation report: a source whose url is
javascript:, data: or vbscript: is named without a link."""
from __future__ import annotations

import re

import pytest

from vigil.report import build_report
from vigil.report.builder import link_target


def incident(url: str) -> dict:
    return {"id": "inc-1", "event_type": "Violence against civilians", "sub_event_type": "Attack",
            "date": {"start": "2014-08-12", "end": "2014-08-12", "precision": "day"},
            "evidence": [{"document": "r1", "sentence": "Gunmen shot dead a constable.", "start": 0, "end": 29}],
            "sources": [{"document": "r1", "outlet": "Harbour Times", "url": url, "published": "2014-08-12"}]}


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(document.cookie)",
                                 "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd",
                                 "http:no-host", "//evil.example/x"])
def test_unsafe_urls_never_become_links(url):
    html = build_report([incident(url)])
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not any(h.lower().lstrip().startswith(("javascript", "data", "vbscript", "file", "//")) for h in hrefs), hrefs
    assert "Harbour Times" in html  # the source is still named
    assert link_target(url) is None


def test_http_urls_are_links():
    html = build_report([incident("https://news.example/karachi/constable")])
    assert 'href="https://news.example/karachi/constable"' in html
    assert link_target("HTTP://news.example/x") == "HTTP://news.example/x"
