"""Plain text: normalised lines grouped into paragraphs, streamed with bounded memory.

Cleaning per line: stray HTML tags removed (<br> breaks the line), HTML entities and escaped
quotes (\\" -> ") unescaped, runs of spaces collapsed, page furniture dropped.  Paragraphs are
separated by one blank line in the cleaned text.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Iterator

from .furniture import FurnitureFilter

_BREAK_TAG = re.compile(r"<br\s*/?>|</?(p|div|li|h[1-6]|tr)(\s[^<>]*)?>", re.I)
# A tag, a comment, or a tag cut off at the end of a line ("</body") by broken markup.
# A comment stops at the next "<!--" too, so unclosed ones cost one pass, not one pass each.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>|<!--(?:(?!-->|<!--).)*-->|</?[a-zA-Z][a-zA-Z0-9-]*\s*$")
_ESCAPED_QUOTE = re.compile(r"\\([\"'])")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
# Where a too-long paragraph may be cut, best first.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")
# A page's date label glued to the first words of the report ("date 2019-06-05 QUETTA: Two
# guards ..."): the label is a header line of its own, or it is parsed into the lead.
_GLUED_DATE_LABEL = re.compile(r"((?:date|dated|published|posted|updated)\s*:?\s*(?:19|20)\d\d-[01]\d-[0-3]\d"
                               r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:Z|[+-]\d\d:?\d\d)?)?)\s+(?=\S)", re.I)
READ_LINE_CHARS = 65536  # a file without newlines is still read in bounded pieces
# A longer line is cut where a sentence ends (else at a space) into lines of at most this many
# characters: no paragraph is that long, and every step that reads a line stays bounded.
MAX_LINE_CHARS = 20_000


def normalise_line(raw: str) -> list[str]:
    """One raw line -> the cleaned line(s) it holds (a <br> or <p> inside splits it)."""
    line = raw
    if "<" in line:
        line = _BREAK_TAG.sub("\n", line)
        line = _TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    if "\\" in line:
        line = _ESCAPED_QUOTE.sub(r"\1", line)
    label = _GLUED_DATE_LABEL.match(line.lstrip())
    if label:
        line = label.group(1) + "\n" + line.lstrip()[label.end():]
    if "\n" in line:
        return [_collapse(part) for part in line.split("\n")]
    return [_collapse(line)]


def _collapse(line: str) -> str:
    if line.isascii() and line.isprintable() and "  " not in line:
        return line.strip()  # the common case: nothing to remove, skip two regex passes
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def iter_raw_lines(stream) -> Iterator[tuple[str, bool]]:
    """(line, complete) pairs from a text stream; a very long line arrives in several pieces."""
    while True:
        line = stream.readline(READ_LINE_CHARS)
        if not line:
            return
        if line.endswith("\n"):
            yield line[:-1].rstrip("\r"), True
        else:
            yield line, False


def split_long(text: str, max_chars: int) -> tuple[str, str]:
    """Cut ``text`` (longer than max_chars) into a head of at most max_chars and the rest,
    at a paragraph, else sentence, else whitespace boundary."""
    window = text[: max_chars + 1]
    cut = window.rfind("\n\n", 0, max_chars)
    if cut <= 0:
        cut = window.rfind("\n", 0, max_chars)
    if cut <= 0:
        last = None
        for last in _SENTENCE_BREAK.finditer(window, 0, max_chars):
            pass
        cut = last.end() if last else -1
    if cut <= 0:
        ws = [m.start() for m in _WHITESPACE.finditer(window, 0, max_chars)]
        cut = ws[-1] if ws else max_chars
    return text[:cut].rstrip(), text[cut:].lstrip()


def iter_paragraphs(raw_lines: Iterable[tuple[str, bool]], max_chars: int) -> Iterator[str]:
    """Cleaned paragraphs (lines joined by "\\n"), none longer than max_chars, furniture removed."""
    furniture = FurnitureFilter()
    lines: list[str] = []
    size = 0
    pending = ""  # the start of a line that arrives in pieces

    def flush() -> Iterator[str]:
        nonlocal lines, size
        if lines:
            yield "\n".join(lines)
        lines, size = [], 0

    def add(line: str) -> Iterator[str]:
        nonlocal size
        if not line:  # a blank line ends the paragraph
            yield from flush()
            return
        kept = furniture.clean(line)
        if kept is None:
            return
        if size + len(kept) + 1 > max_chars:
            yield from flush()
            while len(kept) > max_chars:
                head, kept = split_long(kept, max_chars)
                yield head
        lines.append(kept)
        size += len(kept) + 1

    line_chars = min(max_chars, MAX_LINE_CHARS)
    for raw, complete in raw_lines:
        pending += raw
        cut = False
        while len(pending) > line_chars:  # a runaway line (no newline for megabytes): cut it
            head, pending = split_long(pending, line_chars)
            cut = True
            for line in normalise_line(head):
                yield from add(line)
        if complete:
            if pending or not cut:  # (a cut line's empty remainder is no blank line)
                for line in normalise_line(pending):
                    yield from add(line)
            pending = ""
    for line in normalise_line(pending) if pending else ():
        yield from add(line)
    yield from flush()
