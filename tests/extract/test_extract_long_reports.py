"""Long reports: spaCy reads them in bounded pieces, and every offset still points into the report."""
from __future__ import annotations

from pathlib import Path

import pytest

from vigil.extract.parsing import NLP_PIECE_CHARS, pieces

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"


def test_pieces_are_bounded_and_join_back_exactly():
    paragraph = "The ward office opened late. Residents queued for water.\n\n"
    one_line = "Rain fell on the port all week and the ferries stayed in harbour. " * 400
    no_space = "x" * 25_000
    for text in (paragraph * 900, one_line, no_space, paragraph * 10 + one_line + no_space):
        found = pieces(text)
        assert "".join(found) == text
        assert all(len(p) <= NLP_PIECE_CHARS for p in found)
        assert len(found) > 1


def test_pieces_end_where_a_paragraph_or_sentence_ends():
    paragraph = "The ward office opened late. Residents queued for water.\n\n"
    assert all(p.endswith("\n\n") for p in pieces(paragraph * 900)[:-1])
    one_line = "Rain fell on the port all week and the ferries stayed in harbour. " * 400
    assert all(p.endswith("harbour. ") for p in pieces(one_line)[:-1])


@pytest.fixture(scope="module")
def long_report():
    from vigil.extract import extract_documents
    from vigil.readers import ReadFailure, iter_documents, read_text

    texts = [d.text for d in iter_documents([str(EXAMPLES)]) if not isinstance(d, ReadFailure)]
    text = "\n\n".join(texts * 3)
    assert len(text) > 4 * NLP_PIECE_CHARS  # several pieces, so several joins
    document = read_text(text, id="long-report", published="2014-06-09")
    return document, next(extract_documents([document]))


def test_evidence_offsets_slice_the_text_across_piece_boundaries(long_report):
    document, extraction = long_report
    text = document.text
    assert len(extraction.incidents) > 10 and extraction.claims
    evidence = [e for i in extraction.incidents for e in i.evidence] + [c.evidence for c in extraction.claims]
    for e in evidence:
        assert text[e.start:e.end] == e.sentence
    # some evidence lies beyond the first piece: offsets were carried across the joins
    assert max(e.start for e in evidence) > 3 * NLP_PIECE_CHARS
    for sentence in extraction.sentences:
        assert text[sentence.start:sentence.end].strip() == text[sentence.start:sentence.end]


def test_no_sentence_straddles_a_piece_boundary(long_report):
    document, extraction = long_report
    boundaries, at = set(), 0
    for piece in pieces(document.text)[:-1]:
        at += len(piece)
        boundaries.add(at)
    assert boundaries
    for sentence in extraction.sentences:
        assert not any(sentence.start < b < sentence.end for b in boundaries)
