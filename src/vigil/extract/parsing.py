"""Running spaCy over reports in pieces of bounded size, so memory does not grow with a report.

spaCy's working memory grows with the length of each text it is given (with en_core_web_sm, some
3 KB per character while a text is parsed: a 1,000,000-character report part needed about 3 GB,
a batch of eight about 24 GB). So a report is parsed in pieces of at most ``NLP_PIECE_CHARS``
characters, cut where a paragraph ends (else a line, a sentence, a space), and the pieces' Docs
are joined back into one Doc whose text, and so every character offset, is the report's own.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from vigil.model import Document

# Large enough that a typical report is one piece (parsed exactly as before), small enough that a
# batch of pieces stays within a few hundred MB.
NLP_PIECE_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, max_chars: int) -> int:
    """Where the piece starting at ``start`` ends: after the last paragraph break, else line break,
    else sentence end, else space in its second half (or further back), else at max_chars."""
    end = start + max_chars
    floor = start + max_chars // 4  # never leave a sliver: pieces stay at least a quarter full
    for mark in ("\n\n", "\n"):
        at = text.rfind(mark, floor, end)
        if at >= 0:
            return at + len(mark)
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for last in pattern.finditer(text, floor, end):
            pass
        if last is not None and last.end() > floor:
            return last.end()
    return end


def pieces(text: str, max_chars: int = NLP_PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most max_chars; they join back to ``text``."""
    found, start = [], 0
    while len(text) - start > max_chars:
        end = _cut(text, start, max_chars)
        found.append(text[start:end])
        start = end
    found.append(text[start:])
    return found


def _joined(docs: list, text: str):
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    whole = Doc.from_docs(docs, ensure_whitespace=False, exclude=("tensor", "user_data", "spans"))
    if whole.text != text:  # cannot happen: spaCy keeps every character; offsets depend on it
        raise RuntimeError("joined pieces do not give back the report's text")
    return whole


def parse_tagged(nlp, items: Iterable[tuple[str, object]], batch_size: int = 8) -> Iterator[tuple[object, object]]:
    """(Doc, tag) for each (text, tag), spaCy running over batches of bounded pieces (nlp.pipe)."""

    def numbered_pieces():
        for text, tag in items:
            parts = pieces(text)
            for number, piece in enumerate(parts, start=1):
                yield piece, (text, tag, number == len(parts))

    parsed: list = []
    for doc, (text, tag, last) in nlp.pipe(numbered_pieces(), as_tuples=True, batch_size=batch_size):
        parsed.append(doc)
        if last:
            yield _joined(parsed, text), tag
            parsed = []


def parse_texts(nlp, texts: Iterable[str], batch_size: int = 8) -> Iterator:
    """One Doc per text, as ``nlp.pipe(texts)`` gives, with memory bounded however long a text."""
    return (doc for doc, _ in parse_tagged(nlp, ((t, None) for t in texts), batch_size))


def parse_documents(nlp, documents: Iterable[Document], batch_size: int = 8) -> Iterator[tuple[Document, object]]:
    """Each report with its parsed Doc."""
    return ((document, doc) for doc, document in parse_tagged(nlp, ((d.text, d) for d in documents), batch_size))
