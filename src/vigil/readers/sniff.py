"""Which reader a report needs, judged from its CONTENT as well as its file extension.

Subtitle content wins over any extension (a BBC subtitle dump saved as .txt is a transcript);
real markup is HTML; .jsonl/.csv need both the extension and a content check.
"""
from __future__ import annotations

import re
from pathlib import PurePath

from .failures import ReadError

# "0:03:31 > 0:03:35Text": a BBC-style subtitle line, text straight after the second timestamp.
ARROW_CUE = re.compile(r"^\s*(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\s*>\s*(\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)[ \t]?(.*)$")
# "00:00:01,000 --> 00:00:04,000" (SRT) or "00:01.000 --> 00:04.000 align:start" (WebVTT).
ARROW_TIMING = re.compile(
    r"^\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})(.*)$"
)
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<(html|head|body|article|main)[\s>]", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
_JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}
_CSV_EXTENSIONS = {".csv"}
_SNIFF_LINES = 60


def _first_lines(head: str, n: int = _SNIFF_LINES) -> list[str]:
    lines = []
    for line in head.splitlines():
        if line.strip():
            lines.append(line)
            if len(lines) >= n:
                break
    return lines


def sniff_transcript(head: str) -> str | None:
    """"vtt", "srt" or "transcript" (H:MM:SS > H:MM:SS lines) when the text is subtitles."""
    if head.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    lines = _first_lines(head)
    if not lines:
        return None
    arrow = sum(1 for line in lines if ARROW_CUE.match(line))
    if arrow >= 2 or (arrow == 1 and len(lines) == 1) or arrow >= 0.3 * len(lines):
        return "transcript"
    timings = sum(1 for line in lines if ARROW_TIMING.match(line))
    if timings and timings >= 0.1 * len(lines):
        return "srt"
    return None


def looks_like_html_document(head: str) -> bool:
    """A real page, not a text file with a few stray <p> tags."""
    if _HTML_DOCUMENT.search(head):
        return True
    tags = _TAG.findall(head)
    return len(tags) >= 30 and len(tags) * 8 > 0.2 * len(head.strip() or " ")


def sniff_format(head: str, name: str) -> str:
    """One of "vtt", "srt", "transcript", "jsonl", "csv", "html", "text".

    Raises ReadError when the extension promises a corpus the content is not.
    """
    transcript = sniff_transcript(head)
    if transcript:
        return transcript
    ext = PurePath(name).suffix.lower()
    first = next(iter(_first_lines(head, 1)), "").lstrip("\ufeff").strip()
    if ext in _JSONL_EXTENSIONS:
        if first.startswith("{"):
            return "jsonl"
        raise ReadError("not JSONL: the first line is not a JSON object")
    if ext == ".json":
        raise ReadError("JSON documents are not read; give a JSONL corpus (one JSON object per line)")
    if ext in _CSV_EXTENSIONS:
        if "," in first or ";" in first or "\t" in first:
            return "csv"
        raise ReadError("not CSV: the first line is not a header of comma-separated column names")
    if looks_like_html_document(head):
        return "html"
    if ext in _HTML_EXTENSIONS and _TAG.search(head):
        return "html"
    return "text"


def sniff_text_format(text: str) -> str:
    """Format of an in-memory string (Python API and corpus records): transcript, html or text."""
    head = text[:65536]
    return sniff_transcript(head) or ("html" if looks_like_html_document(head) else "text")
