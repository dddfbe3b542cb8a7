"""From a cleaned report to its sentences, incidents and claims (the `extract` stage)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from vigil.extract.claims import extract_claims
from vigil.extract.incidents import extract_incidents
from vigil.extract.places import document_context
from vigil.model import Claim, Document, Incident, Sentence


@dataclass
class Extraction:
    """What one report yields: the records the store keeps for it."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def sentence_spans(spacy_doc):
    """spaCy's sentences without leading or trailing whitespace tokens, so that each span's
    text is exactly the cleaned text between its offsets."""
    for sent in spacy_doc.sents:
        start, end = sent.start, sent.end
        while start < end and spacy_doc[start].is_space:
            start += 1
        while end > start and spacy_doc[end - 1].is_space:
            end -= 1
        if end > start:
            yield spacy_doc[start:end]


class _Sentences:
    """A spaCy doc seen through its trimmed sentences (what the incident extractor reads)."""

    def __init__(self, spacy_doc):
        self.sents = list(sentence_spans(spacy_doc))


def extract_parsed(document: Document, spacy_doc) -> Extraction:
    view = _Sentences(spacy_doc)
    context_city_id = document_context(document.text)
    return Extraction(
        document=document,
        sentences=[Sentence(s.start_char, s.end_char) for s in view.sents],
        incidents=extract_incidents(document, view, context_city_id=context_city_id),
        claims=extract_claims(document, view.sents, context_place=context_city_id),
    )


def extract_documents(documents: Iterable[Document], batch_size: int = 8) -> Iterator[Extraction]:
    """Extract many reports, running spaCy over them in batches of bounded pieces (nlp.pipe)."""
    from vigil.extract.parsing import parse_documents
    from vigil.nlp import get_nlp

    for document, spacy_doc in parse_documents(get_nlp(), documents, batch_size=batch_size):
        yield extract_parsed(document, spacy_doc)


def extract_document(document: Document) -> Extraction:
    return next(extract_documents([document]))
