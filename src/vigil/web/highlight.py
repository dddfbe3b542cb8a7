"""A report's cleaned text as HTML with spans of it marked: the evidence of incidents, figures.

Spans are character offsets into the stored text (the provenance every field keeps).  They may
overlap: the text is cut at every span boundary and each piece is marked with every span over
it.  Every piece of text is escaped; only the <mark> elements built here are markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # a CSS class: "evidence", "figure", "focus"
    label: str = ""  # shown on hover
    anchor: Optional[str] = None  # the id the first piece of the span gets, to link to it


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    text = text or ""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *[s.start for s in spans], *[s.end for s in spans]})
    out: list[str] = []
    anchored: set[str] = set()
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        covering = [s for s in spans if s.start <= start and end <= s.end]
        if not covering:
            out.append(piece)
            continue
        kinds = " ".join(sorted({s.kind for s in covering}))
        label = "; ".join(dict.fromkeys(s.label for s in covering if s.label))
        anchor = next((s.anchor for s in covering if s.anchor and s.start == start and s.anchor not in anchored), None)
        attributes = f' class="{escape(kinds)}"'
        if label:
            attributes += f' title="{escape(label)}"'
        if anchor:
            anchored.add(anchor)
            attributes += f' id="{escape(anchor)}"'
        out.append(f"<mark{attributes}>{piece}</mark>")
    return Markup("".join(out))


_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def search_snippet(snippet: str) -> Markup:
    """A search snippet whose matched words the store wrapped in [brackets], as HTML."""
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", str(escape(snippet or ""))))


def figure_span(sentence_start: int, sentence: str, value, label: str, kind: str = "figure") -> Optional[Span]:
    """The span of a figure inside its sentence: the quantity phrase whose value it is ("36",
    "at least 28", "three", "two dozen": the extractor's own reading of numbers), else the
    whole sentence."""
    if sentence is None or value is None:
        return None
    from vigil.extract.numbers import find_quantities

    for quantity in find_quantities(sentence):
        if value in (quantity.value, quantity.low, quantity.best, quantity.high):
            return Span(sentence_start + quantity.start, sentence_start + quantity.end, kind, label)
    return Span(sentence_start, sentence_start + len(sentence), kind, label)
