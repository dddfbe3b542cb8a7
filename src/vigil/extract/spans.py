"""A sentence's named entities at the cost of the sentence, not of the whole report.

spaCy's ``Span.ents`` (and ``Doc.ents``) rebuild the list of every entity in the Doc on each call.
Asked once per sentence, or once per token, that made extraction quadratic in a report's length
(a 100 KB report took minutes). Here a Doc's entities are listed once and a span's are found by
bisection; the index lives as long as the Doc does.
"""
from __future__ import annotations

import bisect
import weakref

# spaCy Doc -> (its entities, their start tokens); spaCy is not imported here, so that importing
# the extractors stays cheap for commands that never parse.
_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TEXT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Doc -> its text, joined once


def _entity_index(doc) -> tuple[tuple, list[int]]:
    """(the Doc's entities as (start, end, label, id) tuples, their starts).  Not the Spans
    themselves: a Span holds its Doc, and a value holding its key keeps a WeakKeyDictionary's
    entry, and with it the whole parsed report, alive for good."""
    index = _INDEX.get(doc)
    if index is None:
        ents = tuple((e.start, e.end, e.label, e.id) for e in doc.ents)
        index = (ents, [e[0] for e in ents])
        _INDEX[doc] = index
    return index


def _span(doc, entity: tuple):
    from spacy.tokens import Span

    start, end, label, span_id = entity
    return Span(doc, start, end, label=label, span_id=span_id)


def doc_text(doc) -> str:
    """``doc.text``, which spaCy joins from every token on each call, joined once per Doc."""
    text = _TEXT.get(doc)
    if text is None:
        text = _TEXT[doc] = doc.text
    return text


def doc_ents(doc) -> tuple:
    """``doc.ents``, listed once per Doc."""
    return tuple(_span(doc, e) for e in _entity_index(doc)[0])


def span_ents(span) -> list:
    """``span.ents`` (the entities wholly inside the span, in order), in O(log n + k)."""
    if not hasattr(span, "doc"):  # a whole Doc
        return list(doc_ents(span))
    ents, starts = _entity_index(span.doc)
    found = []
    # Entities never overlap and are sorted, so those inside the span are one run.
    for i in range(bisect.bisect_left(starts, span.start), len(ents)):
        if ents[i][1] > span.end:
            break
        found.append(_span(span.doc, ents[i]))
    return found
