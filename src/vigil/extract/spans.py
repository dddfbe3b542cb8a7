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
    index = _INDEX.get(doc)
    if index is None:
        ents = tuple(doc.ents)
        index = (ents, [e.start for e in ents])
        _INDEX[doc] = index
    return index


def doc_text(doc) -> str:
    """``doc.text``, which spaCy joins from every token on each call, joined once per Doc."""
    text = _TEXT.get(doc)
    if text is None:
        text = _TEXT[doc] = doc.text
    return text


def doc_ents(doc) -> tuple:
    """``doc.ents``, listed once per Doc."""
    return _entity_index(doc)[0]


def span_ents(span) -> list:
    """``span.ents`` (the entities wholly inside the span, in order), in O(log n + k)."""
    if not hasattr(span, "doc"):  # a whole Doc
        return list(doc_ents(span))
    ents, starts = _entity_index(span.doc)
    found = []
    # Entities never overlap and are sorted, so those inside the span are one run.
    for i in range(bisect.bisect_left(starts, span.start), len(ents)):
        if ents[i].end > span.end:
            break
        found.append(ents[i])
    return found
